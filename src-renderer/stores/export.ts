import { create } from 'zustand';
import type { Interval } from '../../src-shared/domain/range';

/** What the Export dialog opens with: the series picked in the table, and the range picked on the gap chart. */
export interface ExportStart {
  series: string[];
  range: Interval | null;
}

interface ExportState {
  start: ExportStart | null;
  open(start: ExportStart): void;
  close(): void;
}

export const useExportStore = create<ExportState>((set) => ({
  start: null,
  open: (start) => set({ start }),
  close: () => set({ start: null }),
}));

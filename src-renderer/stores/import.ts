import { create } from 'zustand';
import type { ImportFilePreview, ImportFileRequest, JobView } from '../../src-shared/contract';
import type { ConflictMode } from '../../src-shared/domain/bar';
import type { ErrorPolicy, ImportOverrides } from '../../src-shared/domain/import';
import { api, errorText, stageFiles } from '../api/client';
import { useJobsStore } from './jobs';

export type ImportPhase = 'idle' | 'staging' | 'preview' | 'running' | 'summary';

export interface DroppedFile {
  file: File;
  relativePath: string;
}

interface ImportState {
  phase: ImportPhase;
  staged: number;
  stagingTotal: number;
  requests: ImportFileRequest[];
  previews: ImportFilePreview[];
  /** The catalog's trading calendars, for the calendar select of each file. */
  calendars: string[];
  /** Index of the file whose preview is being refreshed, or -1. */
  refreshing: number;
  mode: ConflictMode;
  /** What a bad row does: rejects its file, or is left out and counted. */
  onError: ErrorPolicy;
  /** Import again files imported before by the same plan (else they are left as they are). */
  force: boolean;
  jobId: string | null;
  error: string | null;
  begin(files: DroppedFile[]): Promise<void>;
  override(index: number, patch: ImportOverrides): Promise<void>;
  remove(index: number): void;
  setMode(mode: ConflictMode): void;
  setOnError(onError: ErrorPolicy): void;
  setForce(force: boolean): void;
  start(): Promise<void>;
  onJob(job: JobView): void;
  close(): void;
}

const INITIAL = {
  phase: 'idle' as ImportPhase,
  staged: 0,
  stagingTotal: 0,
  requests: [],
  previews: [],
  calendars: [],
  refreshing: -1,
  mode: 'skip' as ConflictMode,
  onError: 'reject' as ErrorPolicy,
  force: false,
  jobId: null,
  error: null,
};

export const useImportStore = create<ImportState>((set, get) => ({
  ...INITIAL,
  async begin(files) {
    if (files.length === 0) return;
    set({ ...INITIAL, phase: 'staging', stagingTotal: files.length });
    try {
      const paths = await stageFiles(files, (done) => set({ staged: done }));
      const requests = paths.map((path) => ({ path }));
      const [{ files: previews }, calendars] = await Promise.all([
        api().previewImport({ files: requests }),
        api().listCalendars({}),
      ]);
      set({ phase: 'preview', requests, previews, calendars });
    } catch (err) {
      set({ phase: 'preview', error: `Could not read the dropped files: ${errorText(err)}` });
    }
  },
  async override(index, patch) {
    const requests = get().requests.map((r, i) =>
      i === index ? { ...r, overrides: { ...r.overrides, ...patch } } : r,
    );
    set({ requests, refreshing: index });
    try {
      const { files } = await api().previewImport({ files: [requests[index]!] });
      const previews = get().previews.map((p, i) => (i === index ? files[0]! : p));
      set({ previews, refreshing: -1, error: null });
    } catch (err) {
      set({ refreshing: -1, error: `Could not update the preview: ${errorText(err)}` });
    }
  },
  remove(index) {
    const requests = get().requests.filter((_, i) => i !== index);
    const previews = get().previews.filter((_, i) => i !== index);
    set(requests.length ? { requests, previews } : { ...INITIAL });
  },
  setMode: (mode) => set({ mode }),
  setOnError: (onError) => set({ onError }),
  setForce: (force) => set({ force }),
  async start() {
    const { previews, mode, onError, force } = get();
    // Each file runs the plan its preview showed, by id: nothing is detected again.
    const files = previews.flatMap((p) => (p.ok && p.planId ? [{ path: p.path, planId: p.planId }] : []));
    if (files.length === 0) {
      set({ error: 'None of the files can be imported as they stand; fix the problems shown first.' });
      return;
    }
    try {
      const { jobId } = await api().startImport({ files, mode, onError, force });
      set({ phase: 'running', jobId, error: null });
      // A small import can finish before its id arrives: its events are already in the jobs store.
      const known = useJobsStore.getState().jobs[jobId];
      if (known) get().onJob(known);
    } catch (err) {
      set({ error: `Could not start the import: ${errorText(err)}` });
    }
  },
  onJob(job) {
    if (job.id !== get().jobId || get().phase !== 'running') return;
    if (job.state !== 'running' && job.state !== 'queued') set({ phase: 'summary' });
  },
  close: () => set({ ...INITIAL }),
}));

/** The one-line explanation shown next to each conflict mode. */
export const MODE_HELP: Record<ConflictMode, string> = {
  skip: 'Keep what is there: only bars at new timestamps are added.',
  overwrite:
    "Replace the span: every stored bar between the file's first and last bar is replaced by the file.",
  merge: 'Newest wins: bars at new timestamps are added, and the file replaces bars at equal timestamps.',
};

/** Existing bars the import would touch, over the files that can be imported. */
export function touchedBars(previews: readonly ImportFilePreview[]): number {
  return previews.reduce((s, p) => s + (p.ok ? p.existingBars : 0), 0);
}

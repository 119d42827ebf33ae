import { create } from 'zustand';
import type { ImportFilePreview, ImportFileRequest, JobView } from '../../src-shared/contract';
import type { ConflictMode } from '../../src-shared/domain/bar';
import type { ErrorPolicy, ImportOverrides } from '../../src-shared/domain/import';
import type { TickChoices } from '../../src-shared/domain/ticks';
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
  /**
   * Per file path, the number of its newest preview refresh still awaited. An answer whose number is
   * no longer here (a newer one was asked, or the row was removed) is dropped, so the preview on
   * screen is always the one of the latest choice and the plan Start runs is the plan shown.
   */
  refreshing: Record<string, number>;
  mode: ConflictMode;
  /** What a bad row does: rejects its file, or is left out and counted. */
  onError: ErrorPolicy;
  /** Import again files imported before by the same plan (else they are left as they are). */
  force: boolean;
  jobId: string | null;
  error: string | null;
  begin(files: DroppedFile[]): Promise<void>;
  override(index: number, patch: ImportOverrides): Promise<void>;
  /** A tick file's choices: keep ticks, build bars or both, price, timeframe. */
  chooseTicks(index: number, ticks: TickChoices): Promise<void>;
  /** Changes one card's request and previews it again (see `refreshing`). */
  refresh(index: number, update: (r: ImportFileRequest) => ImportFileRequest): Promise<void>;
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
  refreshing: {} as Record<string, number>,
  mode: 'skip' as ConflictMode,
  onError: 'reject' as ErrorPolicy,
  force: false,
  jobId: null,
  error: null,
};

/** Numbers each preview refresh, so a late answer can tell it is no longer the newest. */
let refreshCount = 0;

function omit(map: Record<string, number>, key: string): Record<string, number> {
  const { [key]: _, ...rest } = map;
  return rest;
}

/** A card's key: its path, and for a member of an archive its member name too (one archive, many cards). */
export function cardKey(c: { path: string; member?: string }): string {
  return c.member === undefined ? c.path : `${c.path}\u0000${c.member}`;
}

/** Whether any file's preview is still being refreshed (Start waits for it). */
export function isRefreshing(refreshing: Record<string, number>): boolean {
  return Object.keys(refreshing).length > 0;
}

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
      // An archive answers one card per member: each card is re-previewed on its own from then on.
      const cards = previews.map((p) =>
        p.member === undefined ? { path: p.path } : { path: p.path, member: p.member },
      );
      set({ phase: 'preview', requests: cards, previews, calendars });
    } catch (err) {
      set({ phase: 'preview', error: `Could not read the dropped files: ${errorText(err)}` });
    }
  },
  override: (index, patch) =>
    get().refresh(index, (r) => ({ ...r, overrides: { ...r.overrides, ...patch } })),
  chooseTicks: (index, ticks) => get().refresh(index, (r) => ({ ...r, ticks })),
  async refresh(index, update) {
    const requests = get().requests.map((r, i) => (i === index ? update(r) : r));
    const request = requests[index];
    if (!request) return;
    const seq = ++refreshCount;
    const key = cardKey(request);
    set({ requests, refreshing: { ...get().refreshing, [key]: seq } });
    const current = () => get().refreshing[key] === seq;
    const settled = () => omit(get().refreshing, key);
    try {
      const { files } = await api().previewImport({ files: [request] });
      if (!current()) return;
      // The row is found again by its key: rows above it may have been removed meanwhile.
      const previews = get().previews.map((p) => (cardKey(p) === key ? files[0]! : p));
      set({ previews, refreshing: settled(), error: null });
    } catch (err) {
      if (!current()) return;
      set({ refreshing: settled(), error: `Could not update the preview: ${errorText(err)}` });
    }
  },
  remove(index) {
    const removed = get().requests[index];
    const requests = get().requests.filter((_, i) => i !== index);
    const previews = get().previews.filter((_, i) => i !== index);
    const refreshing = removed ? omit(get().refreshing, cardKey(removed)) : get().refreshing;
    set(requests.length ? { requests, previews, refreshing } : { ...INITIAL });
  },
  setMode: (mode) => set({ mode }),
  setOnError: (onError) => set({ onError }),
  setForce: (force) => set({ force }),
  async start() {
    const { previews, mode, onError, force, refreshing } = get();
    // A preview still being refreshed is not the plan the user chose: wait for it.
    if (isRefreshing(refreshing)) return;
    // Each file runs the plan its preview showed, by id: nothing is detected again.
    const files = previews.flatMap((p) =>
      p.ok && p.planId
        ? [{ path: p.path, ...(p.member === undefined ? {} : { member: p.member }), planId: p.planId }]
        : [],
    );
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

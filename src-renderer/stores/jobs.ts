import { create } from 'zustand';
import type { EventPayload, JobView } from '../../src-shared/contract';
import type { MaintenanceKind } from '../../src-shared/domain/job';
import { api, errorText } from '../api/client';

interface JobsState {
  jobs: Record<string, JobView>;
  open: boolean;
  error: string | null;
  load(): Promise<void>;
  applyChanged(job: JobView): void;
  applyProgress(p: EventPayload<'jobProgress'>): void;
  cancel(jobId: string): Promise<void>;
  retry(jobId: string): Promise<void>;
  /** A stalled backfill: stopped and started again from what is stored. */
  resume(jobId: string): Promise<void>;
  /** Starts "Verify catalog" or "Rebuild manifests" and opens the panel; the error in words, or null. */
  startMaintenance(kind: MaintenanceKind): Promise<string | null>;
  setOpen(open: boolean): void;
}

export const useJobsStore = create<JobsState>((set, get) => ({
  jobs: {},
  open: false,
  error: null,
  async load() {
    try {
      const list = await api().listJobs({});
      set({ jobs: Object.fromEntries(list.map((j) => [j.id, j])), error: null });
    } catch (err) {
      set({ error: `Could not list jobs: ${errorText(err)}` });
    }
  },
  applyChanged: (job) => set({ jobs: { ...get().jobs, [job.id]: job } }),
  applyProgress(p) {
    const job = get().jobs[p.jobId];
    if (!job) return;
    set({
      jobs: {
        ...get().jobs,
        // Progress is the heartbeat: a job that reports again is no longer stalled.
        [p.jobId]: {
          ...job,
          done: p.done,
          total: p.total,
          ratePerSec: p.ratePerSec,
          etaMs: p.etaMs,
          stalled: undefined,
        },
      },
    });
  },
  async cancel(jobId) {
    try {
      await api().cancelJob({ jobId });
    } catch (err) {
      set({ error: `Could not cancel: ${errorText(err)}` });
    }
  },
  async retry(jobId) {
    try {
      await api().retryParked({ jobId });
      set({ open: true });
    } catch (err) {
      set({ error: `Could not retry: ${errorText(err)}` });
    }
  },
  async resume(jobId) {
    try {
      await api().resumeJob({ jobId });
      await get().load();
    } catch (err) {
      set({ error: `Could not resume: ${errorText(err)}` });
    }
  },
  async startMaintenance(kind) {
    try {
      await (kind === 'verify' ? api().startVerify({}) : api().startRebuild({}));
      set({ open: true, error: null });
      return null;
    } catch (err) {
      return errorText(err);
    }
  },
  setOpen: (open) => set({ open }),
}));

/** A verify or rebuild job still running, if any (only one runs at a time). */
export function runningMaintenance(jobs: Record<string, JobView>): JobView | undefined {
  return Object.values(jobs).find(
    (j) => (j.kind === 'verify' || j.kind === 'rebuild') && (j.state === 'running' || j.state === 'queued'),
  );
}

/** Running first, then newest first. */
export function sortedJobs(jobs: Record<string, JobView>): JobView[] {
  const active = (j: JobView) => (j.state === 'running' || j.state === 'queued' ? 0 : 1);
  return Object.values(jobs).sort((a, b) => active(a) - active(b) || b.createdAt - a.createdAt);
}

export function jobFraction(job: JobView): number | null {
  if (job.state === 'done') return 1;
  if (!job.total) return null;
  return Math.min(1, job.done / job.total);
}

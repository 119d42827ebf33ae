import type { UpdateOutcomeView } from '../../../src-shared/domain/job-kinds/keep-current';

/** Midnight UTC of a `YYYY-MM-DD` date input, or null when it is empty or not a date. */
export function dateInput(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const t = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(t) ? null : t;
}

/** Why adding a series failed, in words, from main's reason code where it sends one. */
export function addErrorText(message: string, details: unknown): string {
  const d = (details ?? {}) as { reason?: string; symbol?: string };
  if (d.reason === 'UNKNOWN_SYMBOL')
    return `The provider does not list ${d.symbol ?? 'that symbol'}; search again.`;
  return message;
}

const STATUS_WORDS: Record<string, string> = {
  'up-to-date': 'up to date',
  skipped: 'skipped',
  error: 'failed',
  done: 'done',
  failed: 'failed',
  cancelled: 'cancelled',
  parked: 'done, some requests parked',
};

/** One line per series of an update: its outcome and the bars it wrote. */
export function outcomeText(o: UpdateOutcomeView): string {
  const bars = o.jobId ? `, ${o.barsWritten.toLocaleString('en-US')} bars written` : '';
  return `${o.series}: ${STATUS_WORDS[o.status] ?? o.status}${bars}${o.message ? `; ${o.message}` : ''}`;
}

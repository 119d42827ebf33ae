import type { GenerationView } from '../../../src-shared/domain/series-views/history';
import { ApiError, errorText } from '../../api/client';
import { formatInt } from '../../lib/format';

/** A refused series-management or fix request in words, from main's reason code (else its message). */
export function adminErrorText(what: string, err: unknown): string {
  const reason =
    err instanceof ApiError ? (err.wire.details as { reason?: unknown } | undefined)?.reason : undefined;
  switch (reason) {
    case 'nothing_to_undo':
      return 'Nothing to undo: no earlier version of this series is kept (the retention may have passed).';
    case 'history_damaged':
      return 'The kept earlier version is damaged, so nothing was changed. Run Verify in Settings.';
    case 'series_busy':
      return 'A running job is writing this series. Try again once it has ended.';
    case 'series_scheduled':
      return 'A schedule keeps this series current. Remove it under Keep current first; nothing was deleted.';
    case 'target_exists':
      return 'A series with that name exists again. Rename or delete it first.';
    case 'not_in_trash':
      return 'That series is no longer in the trash.';
    case 'no_such_finding':
      return 'That finding is gone (the bars changed). The list has been refreshed.';
    case 'no_provider':
      return 'This series has no provider to re-fetch from. Pick one under Provider.';
    case 'no_such_comparison':
      return 'That comparison expired. Re-fetch again.';
    default:
      return `${what}: ${errorText(err)}`;
  }
}

const KINDS: Record<string, string> = {
  import: 'Import',
  backfill: 'Backfill',
  'quality-drop': 'Dropped bars (quality fix)',
  'quality-refetch': 'Re-fetched bars (quality fix)',
  cli: 'Command line',
  api: 'Write',
};

/** "Import BTCUSDT_2024…" / "Backfill bf-12" / "Empty series". */
export function writerText(g: GenerationView): string {
  if (g.kind === null) return 'Empty series (before the first write)';
  const kind = KINDS[g.kind] ?? g.kind;
  return g.jobId ? `${kind} ${g.jobId}` : kind;
}

export function countsText(g: GenerationView): string {
  if (!g.counts) return '';
  const { added, replaced, removed } = g.counts;
  return `+${formatInt(added)} added, ${formatInt(replaced)} replaced, ${formatInt(removed)} removed`;
}

const CHECKS: Record<string, string> = {
  impossible: 'Impossible value',
  duplicate_ts: 'Duplicate time',
  unordered_ts: 'Out-of-order time',
  off_grid: 'Off the timeframe grid',
  out_of_session: 'Outside sessions',
  spike: 'Spike',
  stale_run: 'Stale run',
  zero_volume_run: 'Zero-volume run',
  volume_outlier: 'Volume outlier',
  corporate_action: 'Possible corporate action',
};

export function checkText(check: string): string {
  return CHECKS[check] ?? check;
}

import type { CommandOutput, JobView } from '../../../src-shared/contract';
import { jobNoteText } from '../../../src-shared/domain/job-notes';
import { formatInt, formatTs } from '../../lib/format';

export type RenameField = 'venue' | 'symbol' | 'timeframe';

/** A refused rename in words, at the field main's reason code concerns (none: under the form). */
export function renameErrorText(message: string, details: unknown): { field?: RenameField; text: string } {
  const d = details as
    | {
        reason?: unknown;
        field?: unknown;
        count?: unknown;
        firstTs?: unknown;
        timeframe?: unknown;
        series?: unknown;
      }
    | undefined;
  if (d?.reason === 'target_exists')
    return { field: 'symbol', text: 'A series with this venue, symbol and timeframe exists already.' };
  if (
    d?.reason === 'invalid_name' &&
    (d.field === 'venue' || d.field === 'symbol' || d.field === 'timeframe')
  )
    return { field: d.field, text: message };
  if ((d?.reason === 'off_grid' || d?.reason === 'too_close') && typeof d.count === 'number')
    return {
      field: 'timeframe',
      text: `${formatInt(d.count)} bar(s) ${d.reason === 'off_grid' ? `are not on the ${String(d.timeframe)} grid` : `start less than ${String(d.timeframe)} after the bar before`} (the first at ${formatTs(Number(d.firstTs))}); the label stays as it is.`,
    };
  if (d?.reason === 'series_busy')
    return {
      text: `A running job is writing ${String(d.series)}, so nothing was changed. Try again once it has ended (see Jobs).`,
    };
  if (d?.reason === 'timeframe_alone')
    return { field: 'timeframe', text: 'Change the timeframe label on its own, then the venue or symbol.' };
  return { text: `The series could not be renamed: ${message}` };
}

/** What followed a rename, in one line (null when nothing but the bars moved). */
export function renameFollowText(r: CommandOutput<'renameSeries'>): string | null {
  const parts: string[] = [];
  if (r.relabeled)
    parts.push(
      `${formatInt(r.relabeled.bars)} bars written under the new label; the old series is in the trash`,
    );
  if (r.schedulesMoved.length) parts.push(`${r.schedulesMoved.length} schedule(s) moved to it`);
  if (r.healthSettingsMoved) parts.push('its health settings moved to it');
  if (r.groupsLeft.length) parts.push(`no longer in group(s) ${r.groupsLeft.join(', ')}`);
  if (r.groupsJoined.length) parts.push(`now in group(s) ${r.groupsJoined.join(', ')}`);
  return parts.length ? `Renamed to ${r.id}: ${parts.join('; ')}.` : null;
}

/**
 * Where a relabel job stands for the rename form: null while it runs; else what followed (as a rename
 * says it) or why it was refused, worded from the job's note at its field.
 */
export function relabelOutcome(
  job: JobView,
): { renamed: CommandOutput<'renameSeries'> } | { error: { field?: RenameField; text: string } } | null {
  if (job.state === 'running' || job.state === 'queued') return null;
  for (const n of job.notes ?? []) {
    if (n.reason === 'relabeled' && job.state === 'done') {
      const { id, bars, trashId, schedulesMoved, healthSettingsMoved, groupsLeft, groupsJoined } = n;
      return {
        renamed: {
          id,
          schedulesMoved,
          healthSettingsMoved,
          groupsLeft,
          groupsJoined,
          relabeled: { bars, trashId },
        },
      };
    }
    if (n.reason === 'relabel-refused')
      return { error: renameErrorText(job.message ?? jobNoteText(n) ?? '', { ...n.fields, reason: n.code }) };
  }
  if (job.state === 'cancelled') return { error: { text: 'The relabel was cancelled; nothing changed.' } };
  return { error: renameErrorText(job.message ?? '', undefined) };
}

import type { QuarantineCode, QuarantinedFile } from '../../../src-shared/domain/job';
import { formatRange } from '../../lib/format';

const PLAIN: Record<QuarantineCode, string> = {
  'checksum-mismatch': 'The file changed after it was written: its checksum no longer matches.',
  'not-parquet': 'The file is damaged: it cannot be read as Parquet.',
  unreadable: 'The file is missing or cannot be opened.',
  'row-count-differs': 'The file holds a different number of bars than recorded.',
  'time-span-differs': 'The file covers a different time span than recorded.',
  'older-duplicate': 'An older copy of a partition that a newer file replaces.',
  'bad-manifest': 'The series manifest was damaged or named another series; rebuild wrote a new one.',
};

/** What went wrong with a quarantined file, in plain words (a job saved before codes has only its reason). */
export function plainReason(q: QuarantinedFile): string {
  return q.code ? PLAIN[q.code] : `The file cannot be used: ${q.reason}.`;
}

/** Where the file went and what to do about the bars it held. */
export function whatToDo(q: QuarantinedFile): string {
  const where = `Moved to ${q.movedTo} (not deleted).`;
  if (!q.lostRange) {
    if (q.code === 'older-duplicate') return `${where} No bars are missing: a newer file holds them.`;
    if (q.code === 'bad-manifest') return `${where} The bars stay: its partition files were adopted again.`;
    // Rebuild found it without a manifest entry: the period is all that names its bars.
    const period = q.period ? ` (${q.period})` : '';
    return `${where} Its bars${period} are no longer in the catalog: backfill or re-import that period.`;
  }
  const series = q.series ? ` of ${q.series}` : '';
  return `${where} ${formatRange(q.lostRange.from, q.lostRange.to)}${series} now shows as a gap: backfill it or import that range again.`;
}

import type { QuarantinedFile } from '../../../src-shared/domain/job';
import { formatRange } from '../../lib/format';

// The catalog's reasons are exact but technical (see src-main/catalog/verify.ts, rebuild.ts).
const PLAIN: [RegExp, string][] = [
  [/^checksum mismatch/, 'The file changed after it was written: its checksum no longer matches.'],
  [/^not readable as Parquet/, 'The file is damaged: it cannot be read as Parquet.'],
  [/^cannot read the file/, 'The file is missing or cannot be opened.'],
  [/^file holds \d+ rows, manifest says \d+/, 'The file holds a different number of bars than recorded.'],
  [/^time span differs/, 'The file covers a different time span than recorded.'],
  [/^older duplicate/, 'An older copy of a partition that a newer file replaces.'],
];

/** What went wrong with a quarantined file, in plain words. */
export function plainReason(reason: string): string {
  return PLAIN.find(([re]) => re.test(reason))?.[1] ?? `The file cannot be used: ${reason}.`;
}

/** Where the file went and what to do about the bars it held. */
export function whatToDo(q: QuarantinedFile): string {
  const where = `Moved to ${q.movedTo} (not deleted).`;
  if (!q.lostRange) {
    if (/^older duplicate/.test(q.reason)) return `${where} No bars are missing: a newer file holds them.`;
    // Rebuild found it without a manifest entry; the file name (2024-02.v3.parquet) names the period.
    const period = /([\d-]+)\.v\d+\.parquet$/.exec(q.file)?.[1];
    return `${where} Its bars${period ? ` (${period})` : ''} are no longer in the catalog: backfill or re-import that period.`;
  }
  const series = q.series ? ` of ${q.series}` : '';
  return `${where} ${formatRange(q.lostRange.from, q.lostRange.to)}${series} now shows as a gap: backfill it or import that range again.`;
}

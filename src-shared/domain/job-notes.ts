import { z } from 'zod';

/**
 * What a job reports beside its counts, as a reason code with fields (the jobs panel and the CLI
 * word it): main never sends the sentence.
 */
export const JobNoteSchema = z.discriminatedUnion('reason', [
  /** The provider answered an open time more than once: the first answer kept, the rest counted. */
  z.object({
    reason: z.literal('duplicates-dropped'),
    count: z.number().int(),
    /** The first repeated open time (ms UTC); null in jobs that did not record it. */
    firstTs: z.number().int().nullable(),
  }),
  /** A timeframe relabel done: the new series, its bars, the old one's trash entry, what followed it. */
  z.object({
    reason: z.literal('relabeled'),
    id: z.string(),
    bars: z.number().int(),
    trashId: z.string(),
    schedulesMoved: z.array(z.string()),
    healthSettingsMoved: z.boolean(),
    groupsLeft: z.array(z.string()),
    groupsJoined: z.array(z.string()),
  }),
  /** A timeframe relabel refused (nothing changed): main's reason code and its fields, for the rename form. */
  z.object({
    reason: z.literal('relabel-refused'),
    code: z.string(),
    fields: z.record(z.string(), z.union([z.string(), z.number()])),
  }),
]);
export type JobNote = z.infer<typeof JobNoteSchema>;

/** A job's note in words (main sends no message with a relabel's: these say what happened). */
export function jobNoteText(n: JobNote): string | null {
  if (n.reason === 'relabeled')
    return `${n.bars} bar(s) written as ${n.id}; the old series is in the trash (entry ${n.trashId}), whence it can be restored`;
  if (n.reason === 'relabel-refused') return `The timeframe label was not changed: ${relabelRefusal(n)}.`;
  const first = n.firstTs === null ? '' : `, first at ${new Date(n.firstTs).toISOString()}`;
  return `${n.count} duplicate bar(s) dropped: the provider answered an open time more than once (the first answer kept${first})`;
}

function relabelRefusal(n: Extract<JobNote, { reason: 'relabel-refused' }>): string {
  const f = n.fields;
  const first = typeof f.firstTs === 'number' ? ` (the first at ${new Date(f.firstTs).toISOString()})` : '';
  switch (n.code) {
    case 'off_grid':
      return `${f.count} bar(s) are not on the ${f.timeframe} grid${first}`;
    case 'too_close':
      return `${f.count} bar(s) start less than ${f.timeframe} after the bar before${first}`;
    case 'target_exists':
      return `the series ${f.series} exists already`;
    case 'series_busy':
      return `a running job (${f.jobId}) is writing ${f.series}; try again once it has ended`;
    default:
      return `refused (${n.code})`;
  }
}

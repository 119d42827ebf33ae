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
]);
export type JobNote = z.infer<typeof JobNoteSchema>;

/** A job's note in words. */
export function jobNoteText(n: JobNote): string {
  const first = n.firstTs === null ? '' : `, first at ${new Date(n.firstTs).toISOString()}`;
  return `${n.count} duplicate bar(s) dropped: the provider answered an open time more than once (the first answer kept${first})`;
}

import { z } from 'zod';

/**
 * Why main refused a settings change or a catalog folder, sent as the error's details: a reason code
 * with its fields, which the renderer words (main's message is for the CLI and logs).
 */
export const SettingsProblemSchema = z.discriminatedUnion('reason', [
  z.object({ reason: z.literal('unknown-time-zone'), timeZone: z.string() }),
  z.object({ reason: z.literal('relative-path'), dir: z.string() }),
  z.object({ reason: z.literal('not-a-folder'), dir: z.string() }),
  z.object({ reason: z.literal('no-such-folder'), dir: z.string() }),
  z.object({ reason: z.literal('not-a-catalog'), dir: z.string() }),
  /** The web host creates catalogs only inside its catalogs folder (`root`). */
  z.object({ reason: z.literal('outside-catalogs-root'), dir: z.string(), root: z.string() }),
  /** The web host opens catalogs only inside its catalogs folder (`root`), besides the one it started on. */
  z.object({ reason: z.literal('open-outside-catalogs-root'), dir: z.string(), root: z.string() }),
  /** The web host takes no provider server from a page (upload-paths.ts refusePageServer). */
  z.object({ reason: z.literal('PAGE_SERVER'), baseUrl: z.string() }),
]);
export type SettingsProblem = z.infer<typeof SettingsProblemSchema>;

import { z } from 'zod';
import { version } from '../../../../package.json';
import { sha256Hex } from '../../../plumbing/sha256';
import { canonicalJson, type Json } from './canonical';

export const LAKE_FORMAT = 'barcat-lake/1';
export const MANIFEST_FILE = 'manifest.json';

const FileSchema = z.object({
  path: z.string(),
  bytes: z.number().int(),
  rows: z.number().int(),
  sha256: z.string(),
});

const TotalsSchema = z.object({
  events: z.number().int(),
  rows: z.number().int(),
  expected: z.number().int(),
  present: z.number().int(),
  missingBars: z.number().int(),
  checkedEmptyBars: z.number().int(),
  outsideSession: z.number().int(),
});
export type LakeTotals = z.infer<typeof TotalsSchema>;

/** Everything the seal covers: no write time or host, so the same input gives the same manifest. */
export const ManifestBodySchema = z.object({
  format: z.literal(LAKE_FORMAT),
  tool: z.object({ name: z.literal('barcat'), version: z.string() }),
  inputs: z.object({
    events: z.object({
      file: z.string(),
      sha256: z.string(),
      bytes: z.number().int(),
      count: z.number().int(),
    }),
    window: z.object({ pre: z.number().int(), post: z.number().int(), timeframe: z.string().nullable() }),
    seriesMap: z.object({ file: z.string(), sha256: z.string() }).nullable(),
    series: z.array(
      z.object({
        id: z.string(),
        generation: z.number().int(),
        calendar: z.string(),
        instruments: z.array(z.string()),
        /** Windows at a coarser timeframe than the series': its bars resampled on read. Optional: older lakes lack it. */
        resample: z
          .object({ from: z.string(), to: z.string(), align: z.literal('utc') })
          .nullable()
          .optional(),
      }),
    ),
  }),
  files: z.array(FileSchema),
  totals: TotalsSchema,
});
export type ManifestBody = z.infer<typeof ManifestBodySchema>;
export const ManifestSchema = ManifestBodySchema.extend({ seal: z.string() });
export type LakeManifest = z.infer<typeof ManifestSchema>;

export const TOOL = { name: 'barcat' as const, version };

/** The seal: sha256 (hex) of the body's canonical JSON (see canonical.ts), i.e. every field but `seal`. */
export function sealOf(body: ManifestBody): string {
  return sha256Hex(canonicalJson(body as unknown as Json));
}

/** The manifest file: the sealed body with keys sorted, indented for people; verify re-reads the values, not the text. */
export function manifestText(body: ManifestBody): string {
  const sealed = { ...body, seal: sealOf(body) };
  return `${JSON.stringify(JSON.parse(canonicalJson(sealed as unknown as Json)), null, 2)}\n`;
}

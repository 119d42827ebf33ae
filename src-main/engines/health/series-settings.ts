// Per-series health settings (how far behind a series may be, whether it notifies), one file per
// catalog so the CLI and every host read the same: CATALOG/health.json.
import { promises as fs } from 'node:fs';
import { z } from 'zod';
import { describeIssues } from '../../../src-shared/contract';
import { BarcatError, parseJsonOr } from '../../plumbing/errors';
import { catalogPath, HEALTH_FILE, withHealthFileLock, writeFileAtomic } from '../catalog/index';

export { HEALTH_FILE };

const SeriesHealthSettingsSchema = z
  .object({
    /** Session time the last bar may be behind before the series is stale; absent: the default. */
    maxLagMs: z.number().int().positive().optional(),
    /** Desktop notification when it goes stale or its scheduled update fails; off by default. */
    notify: z.boolean().optional(),
  })
  .strict();
export type SeriesHealthSettings = z.infer<typeof SeriesHealthSettingsSchema>;

const HealthFileSchema = z.object({ series: z.record(z.string(), SeriesHealthSettingsSchema) }).strict();
export type HealthSettings = z.infer<typeof HealthFileSchema>;

/** The catalog's health settings; none when the file is absent. A damaged file is an error naming it. */
export async function readHealthSettings(catalogDir: string): Promise<HealthSettings> {
  const file = catalogPath(catalogDir, HEALTH_FILE);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { series: {} };
    throw err;
  }
  const raw = parseJsonOr(text, (reason) => damaged(file, reason));
  const parsed = HealthFileSchema.safeParse(raw);
  if (!parsed.success) throw damaged(file, describeIssues(parsed.error));
  return parsed.data;
}

function damaged(file: string, why: string): BarcatError {
  return new BarcatError(
    'CORRUPT',
    `${file}: ${why}; fix or remove the file (it holds only health settings)`,
  );
}

/** Changes one series' settings (a field set to null goes back to the default) and returns them. */
export async function setSeriesHealthSettings(
  catalogDir: string,
  series: string,
  patch: { maxLagMs?: number | null; notify?: boolean | null },
): Promise<SeriesHealthSettings> {
  // Under the file's lock: a rename moving settings, or another process's edit, is never lost.
  return withHealthFileLock(catalogDir, async () => {
    const all = await readHealthSettings(catalogDir);
    const next: SeriesHealthSettings = { ...all.series[series] };
    if (patch.maxLagMs === null) delete next.maxLagMs;
    else if (patch.maxLagMs !== undefined) next.maxLagMs = patch.maxLagMs;
    if (patch.notify === null) delete next.notify;
    else if (patch.notify !== undefined) next.notify = patch.notify;
    all.series[series] = next;
    await writeFileAtomic(catalogPath(catalogDir, HEALTH_FILE), `${JSON.stringify(all, null, 1)}\n`);
    return next;
  });
}

import type { Interval } from '../../../../../src-shared/domain/range';
import type { SeriesKey } from '../../../../../src-shared/domain/series';
import { fetchMissing } from '../../../../engines/backfill/keep-current/fetch-missing';
import { sharedBaseUrl } from '../../../../engines/schedule/provider-settings';
import { readSharedSettings } from '../../../../engines/schedule/settings-file';
import { parseBaseUrl } from '../../backfill/keep-current-args';
import { openForCli } from '../../backfill/open';
import type { CliIO } from '../../command';
import { READ_OPEN } from '../../io/open';

/** `query --fetch`: fills the range's gaps from the series' provider first; says what it added on stderr. */
export async function fetchForQuery(
  catalogDir: string,
  key: SeriesKey,
  range: Interval,
  baseUrl: unknown,
  io: CliIO,
): Promise<void> {
  const { catalog, svc, close } = await openForCli(catalogDir, io, { open: READ_OPEN });
  try {
    // --base-url, else the catalog's settings file, else the provider's own: as update and schedules.
    const settings = await readSharedSettings(catalogDir);
    const r = await fetchMissing(
      { catalog, svc, baseUrl: parseBaseUrl(baseUrl), baseUrlFor: (p) => sharedBaseUrl(settings, p) },
      key,
      range,
    );
    if (r.job)
      io.stderr.write(
        `barcat: fetched ${r.job.progress.barsWritten} missing bars from ${r.provider} (job ${r.job.id}, ${r.job.summary?.requests ?? r.job.progress.requestsDone} requests)\n`,
      );
  } finally {
    await close();
  }
}

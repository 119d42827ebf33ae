import { type BackfillService, createBackfillService } from '../../../engines/backfill/jobs/service';
import type { RetryPolicy } from '../../../engines/backfill/requests/retry';
import type { Catalog } from '../../../engines/catalog/index';
import { type OpenOptions, openCatalog } from '../../../engines/catalog/index';
import { keysFromEnv } from '../../../engines/providers/index';
import type { GetKey } from '../../../engines/providers/types';
import type { CliIO } from '../command';

/** Tests shorten retry waits with BARCAT_RETRY_BASE_MS (ms). */
export function cliRetryPolicy(env: NodeJS.ProcessEnv): Partial<RetryPolicy> | undefined {
  const base = env.BARCAT_RETRY_BASE_MS;
  return base ? { baseMs: Number(base), capMs: Number(base) * 10 } : undefined;
}

/** The catalog and a backfill service as the CLI uses them: keys from the environment, jobs in a worker. */
export async function openForCli(
  catalogDir: string,
  io: CliIO,
  opts: {
    requestsPerSecond?: number;
    archiveBaseUrl?: string;
    open?: OpenOptions;
    /** Keys from the shared settings' variables; default: the BARCAT_* variables. */
    getKey?: GetKey;
  } = {},
): Promise<{ catalog: Catalog; svc: BackfillService; close(): Promise<void> }> {
  const catalog = await openCatalog(catalogDir, opts.open);
  const svc = createBackfillService({
    catalog,
    catalogDir,
    getKey: opts.getKey ?? keysFromEnv(io.env),
    worker: io.env.BARCAT_BACKFILL_IN_PROCESS !== '1',
    requestsPerSecond: opts.requestsPerSecond,
    archiveBaseUrl: opts.archiveBaseUrl,
    // Tests move "now" with BARCAT_NOW (ms); waits stay real.
    clock: io.env.BARCAT_NOW
      ? (await import('../../../engines/backfill/requests/clock')).shiftedClock(Number(io.env.BARCAT_NOW))
      : undefined,
    // Tests write in small batches to kill a job between two writes.
    flushBars: io.env.BARCAT_FLUSH_BARS ? Number(io.env.BARCAT_FLUSH_BARS) : undefined,
    policy: cliRetryPolicy(io.env),
  });
  return {
    catalog,
    svc,
    close: async () => {
      await svc.close();
      await catalog.close();
    },
  };
}

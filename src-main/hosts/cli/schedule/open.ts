// The catalog, its shared settings and a backfill service, as `schedule`, `update` and `jobs
// dead-letter` use them: --base-url overrides the file's base URLs, the file's key variables come
// before the BARCAT_* ones.
import type { SharedSettings } from '../../../../src-shared/domain/job-kinds/schedule';
import type { BackfillService } from '../../../engines/backfill/jobs/service';
import type { UpdateDeps } from '../../../engines/backfill/keep-current/update';
import { findCalendar } from '../../../engines/calendars/index';
import type { Catalog, OpenOptions } from '../../../engines/catalog/index';
import { keysFromEnv } from '../../../engines/providers/index';
import { sharedBaseUrl, sharedKeys } from '../../../engines/schedule/provider-settings';
import type { RunDueDeps } from '../../../engines/schedule/run-due';
import { readSharedSettings } from '../../../engines/schedule/settings-file';
import { cliNow } from '../backfill/keep-current-args';
import { cliRetryPolicy, openForCli } from '../backfill/open';
import type { CliIO } from '../command';

export interface CliKeepCurrent {
  catalog: Catalog;
  svc: BackfillService;
  settings: SharedSettings;
  update: UpdateDeps;
  runDue: RunDueDeps;
  close(): Promise<void>;
}

export async function openKeepCurrent(
  catalogDir: string,
  io: CliIO,
  flags: { baseUrl?: string; rate?: number; open?: OpenOptions },
): Promise<CliKeepCurrent> {
  // A bad settings file stops here, before the catalog opens, naming the key.
  const settings = await readSharedSettings(catalogDir);
  const getKey = sharedKeys(settings, io.env, keysFromEnv(io.env));
  const { catalog, svc, close } = await openForCli(catalogDir, io, {
    requestsPerSecond: flags.rate,
    getKey,
    open: flags.open,
  });
  const update: UpdateDeps = {
    catalog,
    svc,
    getKey,
    now: cliNow(io.env),
    ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
    baseUrlFor: (p) => sharedBaseUrl(settings, p),
    call: { policy: cliRetryPolicy(io.env), requestsPerSecond: flags.rate },
  };
  return {
    catalog,
    svc,
    settings,
    update,
    runDue: {
      catalogDir,
      settings,
      calendars: (name) => findCalendar(name, catalogDir),
      update,
      now: () => cliNow(io.env),
    },
    close,
  };
}

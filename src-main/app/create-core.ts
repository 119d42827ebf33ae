import path from 'node:path';
import { type CommandName, commands, describeIssues, isCommandName } from '../../src-shared/contract';
import { fail, ok, type Result } from '../../src-shared/wire';
import type { Catalog } from '../engines/catalog/index';
import { BarcatError, toWireError } from '../plumbing/errors';
import { CatalogState, type OpenCatalog } from './core/catalog-state';
import type { CoreContext, Handlers } from './core/context';
import { type BackfillService, loadBackfillEngine } from './core/engines';
import { EventBus } from './core/events';
import { JobRegistry } from './core/jobs';
import { type MetricsText, renderMetrics } from './core/metrics';
import { MetricsPort, type ServeMetrics } from './core/metrics-port';
import { QualityRefresher } from './core/quality-refresh';
import { AppScheduler } from './core/schedules';
import { SESSION_SECRET_STORE, type SecretStore, SettingsStore } from './core/settings';
import { createHandlers } from './handlers';
import { backfillKind, forwardBackfillEvent } from './jobs/backfill-jobs';
import { HealthWatch } from './series/health-watch';

export interface CoreOptions {
  catalogDir: string;
  /** Create the catalog when the folder holds none (default true: first start). */
  create?: boolean;
  /** How the user makes the catalog when create is false and there is none (e.g. "start with --create"). */
  howToCreate?: string;
  /** Folder for settings.json (and an older jobs.json, moved into the catalog); null: settings in memory (tests). */
  dataDir: string | null;
  secrets?: SecretStore;
  fetch?: typeof fetch;
  now?: () => number;
  uploadDir?: string | null;
  /** The web host's exports folder: with uploadDir, exports write only inside it. */
  exportDir?: string | null;
  /** The web host's catalogs folder: a page creates and opens catalogs only inside it (null: anywhere). */
  catalogsRoot?: string | null;
  /** The web host's /metrics token, for Settings to show. */
  webMetricsToken?: string;
  /** Serves the opt-in metrics port (the desktop app); without it the setting opens nothing. */
  serveMetrics?: ServeMetrics;
  openCatalog?: OpenCatalog;
}

export interface Core {
  readonly handlers: Handlers;
  readonly events: EventBus;
  /** Parses the input with the contract, runs the handler, and never throws: errors come back as values. */
  dispatch(name: string, input: unknown): Promise<Result<unknown>>;
  catalog(): Catalog;
  /** Runs due schedules while open; tests poke it after moving the clock. */
  readonly scheduler: Pick<AppScheduler, 'poke' | 'idle'>;
  /** The open catalog's /metrics page (Prometheus text format). */
  metrics(): Promise<MetricsText>;
  /** Raises healthAlert events for series with notifications on (checked every minute and after each job). */
  readonly healthWatch: HealthWatch;
  close(): Promise<void>;
}

const defaultOpen: OpenCatalog = async (dir, opts) => {
  const { openCatalog } = await import('../engines/catalog/index');
  return openCatalog(dir, opts);
};

/** Builds the service graph shared by the Electron shell, the web host and the tests. */
export async function createCore(opts: CoreOptions): Promise<Core> {
  const bus = new EventBus();
  const dataDir = opts.dataDir;
  const now = opts.now ?? Date.now;
  let backfill: { dir: string; service: Promise<BackfillService> } | null = null;
  // Jobs are kept in the catalog they belong to; an older dataDir/jobs.json moves into the first one opened.
  const jobs = new JobRegistry(dataDir ? path.join(dataDir, 'jobs.json') : null, bus, now);
  const settings = new SettingsStore(
    dataDir ? path.join(dataDir, 'settings.json') : null,
    opts.secrets ?? SESSION_SECRET_STORE,
  );
  const open = opts.openCatalog ?? defaultOpen;
  // Every catalog opened (first start, switch) gets the cache bound the user set.
  const openSized: OpenCatalog = async (dir, o) => {
    const catalog = await open(dir, o);
    catalog.setReadCacheMb?.(settings.readCacheMb);
    return catalog;
  };
  const catalogs = new CatalogState(openSized, bus, (dir) => jobs.open(dir));
  const ctx: CoreContext = {
    bus,
    now,
    catalogs,
    quality: new QualityRefresher(bus, () => catalogs.peek()),
    jobs,
    settings,
    fetch: opts.fetch ?? fetch,
    uploadDir: opts.uploadDir ?? null,
    exportDir: opts.exportDir ?? null,
    catalogsRoot: opts.catalogsRoot ?? null,
    startupCatalogDir: path.resolve(opts.catalogDir),
    webMetricsToken: opts.webMetricsToken ?? null,
    metricsPort: new MetricsPort(
      opts.serveMetrics,
      { metrics: () => renderMetrics(ctx.catalogs.get(), now()) },
      (m) => console.warn(m),
    ),
    // Made right below: the scheduler needs the finished context.
    get schedules() {
      return scheduler;
    },
    backfill: () => {
      const catalog = ctx.catalogs.get();
      if (backfill?.dir !== catalog.dir) {
        const previous = backfill?.service;
        backfill = {
          dir: catalog.dir,
          service: loadBackfillEngine().then(async (create) => {
            await previous?.then((s) => s.close()).catch(() => undefined);
            return create({
              catalog,
              fetch: ctx.fetch,
              keyFor: (name) => ctx.settings.provider(name).key,
              onEvent: (e) => forwardBackfillEvent(ctx, e),
            });
          }),
        };
        // A failed start is retried on the next use rather than remembered.
        backfill.service.catch(() => {
          backfill = null;
        });
      }
      return backfill.service;
    },
  };
  ctx.jobs.attach(backfillKind(ctx));
  const scheduler = new AppScheduler(ctx);
  await ctx.catalogs.switchTo(path.resolve(opts.catalogDir), opts.create ?? true, opts.howToCreate);
  const handlers = createHandlers(ctx);
  const started = await handlers.getSettings({});
  await ctx.metricsPort.sync(started.metricsPort, started.metricsToken);
  ctx.schedules.start();
  const healthWatch = new HealthWatch(ctx);
  const stopWatch = healthWatch.start();
  // A job that ended (a failed update) is told at once, not at the next minute.
  const offJobs = bus.subscribe((name, payload) => {
    if (name === 'jobChanged' && (payload as { job: { state: string } }).job.state !== 'running')
      healthWatch.check().catch(() => undefined);
  });

  async function dispatch(name: string, input: unknown): Promise<Result<unknown>> {
    if (!isCommandName(name)) return fail({ code: 'USAGE', message: `unknown command "${name}"` });
    const parsed = commands[name].input.safeParse(input ?? {});
    if (!parsed.success)
      return fail({ code: 'BAD_INPUT', message: `${name}: ${describeIssues(parsed.error)}` });
    try {
      const handler = handlers[name] as (input: unknown) => Promise<unknown>;
      return ok(await handler(parsed.data));
    } catch (err) {
      return fail(toWireError(err));
    }
  }
  return {
    handlers,
    events: bus,
    dispatch,
    catalog: () => ctx.catalogs.get(),
    scheduler,
    metrics: () => renderMetrics(ctx.catalogs.get(), now()),
    healthWatch,
    close: async () => {
      ctx.schedules.stop();
      await ctx.metricsPort.close();
      stopWatch();
      offJobs();
      ctx.jobs.cancelRunning();
      await ctx.schedules.idle();
      await ctx.quality.idle();
      const service = backfill?.service;
      backfill = null;
      await service?.then((s) => s.close()).catch(() => undefined);
      await ctx.catalogs.close();
    },
  };
}

export type { CommandName };
export { BarcatError };

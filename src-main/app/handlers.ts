import { seriesId } from '../../src-shared/domain/series';
import { seriesProvider } from '../engines/backfill/series-provider';
import { listCalendars } from '../engines/calendars/index';
import { parseDbTarget, planInputOf, previewDbImport, testDbConnection } from '../engines/databases/index';
import { healthReport, setSeriesHealthSettings } from '../engines/health/index';
import { renameSeriesWithResults } from '../engines/quality/index';
import { BarcatError } from '../plumbing/errors';
import type { CoreContext, Handlers } from './core/context';
import { keyOf } from './core/series-key';
import { refuseCatalogOutsideRoot, refusePageServer, refuseUnlessUploaded } from './core/upload-paths';
import { startBackfillJob } from './jobs/backfill-jobs';
import { rememberDbPlan, savedDbPassword, startDbImportJob } from './jobs/db-import-jobs';
import { startExportJob, startWindowsExportJob, verifyExportFolder } from './jobs/export-jobs';
import { previewImportFiles, startImportJob } from './jobs/import-jobs';
import { startMaintenanceJob } from './jobs/maintenance-jobs';
import { startRelabelJob } from './jobs/relabel-jobs';
import { loadSampleData } from './jobs/sample-data';
import { startTickBackfillJob } from './jobs/tick-backfill-jobs';
import { listTickSeries, tickCoverage } from './jobs/tick-import-jobs';
import { addSeries, searchSymbols, updateSeries } from './series/keep-current';
import { priceChart } from './series/price-chart';
import { removeGroupSchedule, removeSchedule, setGroupSchedule, setSchedule } from './series/schedule-edits';
import { seriesManagementHandlers } from './series/series-management';
import { ibkrContracts, setSeriesProvider } from './series/series-provider';
import { availabilityOf, gapChart, queryPreview } from './series/series-views';

/** The one handler table behind the Electron ipc wrapper, the web host and the tests. */
export function createHandlers(ctx: CoreContext): Handlers {
  const catalog = () => ctx.catalogs.get();
  const settingsView = () => ({
    ...ctx.settings.view(catalog().dir),
    ...(ctx.webMetricsToken ? { webMetricsToken: ctx.webMetricsToken } : {}),
  });
  return {
    ...seriesManagementHandlers(ctx),
    catalogInfo: async () => ctx.catalogs.info(),
    // Each series with the provider its backfills use (its own, else its venue's, else none) and the
    // findings count of its stored quality results (null: not computed yet).
    listTickSeries: async () => listTickSeries(ctx),
    tickCoverage: ({ id }) => tickCoverage(ctx, id),
    listSeries: async () => {
      const c = catalog();
      const series = await c.listSeries();
      const findings = await ctx.quality.findings(
        c,
        series.map((s) => ({ venue: s.venue, symbol: s.symbol, timeframe: s.timeframe })),
      );
      return series.map((s, i) => ({
        ...s,
        provider: seriesProvider(s, s.provider),
        qualityFindings: findings[i] ?? null,
      }));
    },
    availability: async ({ id, range }) => {
      const a = await availabilityOf(catalog(), keyOf(id), range);
      return { ...a, provider: seriesProvider(a, a.provider) };
    },
    gapChart: async (input) => gapChart(catalog(), keyOf(input.id), input),
    queryPreview: async (input) => queryPreview(catalog(), keyOf(input.id), input),
    priceChart: async (input) => priceChart(catalog(), keyOf(input.id), input),
    listCalendars: async () => listCalendars(catalog().dir).calendars.map((c) => c.name),
    setSeriesCalendar: async ({ id, calendar }) => {
      const key = keyOf(id);
      await catalog().availability(key); // an unknown series is an error, never created empty
      await catalog().setCalendar(key, calendar);
      ctx.bus.emit('seriesChanged', { ids: [id] });
      return { calendar: (await catalog().availability(key)).calendar };
    },
    previewImport: async ({ files }) => {
      refuseUnlessUploaded(
        ctx.uploadDir,
        files.map((f) => f.path),
      );
      return { files: await previewImportFiles(ctx, files) };
    },
    startImport: async ({ files, mode, onError, force }) => {
      refuseUnlessUploaded(
        ctx.uploadDir,
        files.map((f) => f.path),
      );
      return { jobId: startImportJob(ctx, files, mode, onError, force) };
    },
    cancelJob: async ({ jobId }) => ({ cancelled: await ctx.jobs.cancelAny(jobId) }),
    startBackfill: async ({ id, ranges, provider }) => ({
      jobId: await startBackfillJob(ctx, keyOf(id), ranges, provider),
    }),
    setSeriesProvider: async ({ id, provider, ibkr }) => setSeriesProvider(ctx, keyOf(id), provider, ibkr),
    ibkrContracts: async ({ id }) => ibkrContracts(ctx, keyOf(id)),
    startRelabel: async ({ id, timeframe }) => ({ jobId: await startRelabelJob(ctx, keyOf(id), timeframe) }),
    renameSeries: async ({ id, venue, symbol, timeframe }) => {
      const from = keyOf(id);
      // A timeframe label alone is changed by a job (startRelabel), never inside this request.
      if (timeframe !== undefined && venue === undefined && symbol === undefined)
        throw new BarcatError(
          'BAD_INPUT',
          'a timeframe label is changed as a job: call startRelabel with the series and the timeframe',
          { reason: 'relabel_is_a_job', field: 'timeframe' },
        );
      const { to: toKey, ...followed } = await renameSeriesWithResults(
        catalog(),
        from,
        { venue, symbol, timeframe },
        { source: 'app' },
      );
      const to = seriesId(toKey);
      // Both: views of the old id drop it, views of the new one pick it up.
      ctx.quality.forget([seriesId(from), to]);
      // The catalog rewrote the job files naming the old id: the Jobs panel shows them as stored.
      ctx.jobs.open(catalog().dir);
      ctx.bus.emit('seriesChanged', { ids: [seriesId(from), to] });
      if (followed.schedulesMoved.length > 0) ctx.bus.emit('schedulesChanged', {});
      return { id: to, ...followed };
    },
    retryParked: async ({ jobId }) => ({ jobId: await ctx.jobs.retry(jobId) }),
    startExport: async (input) => ({ jobId: await startExportJob(ctx, input) }),
    startWindowsExport: async (input) => ({ jobId: await startWindowsExportJob(ctx, input) }),
    verifyExport: (input) => verifyExportFolder(ctx, input),
    resumeJob: async ({ jobId }) => ({ jobId: await ctx.jobs.restart(jobId) }),
    startVerify: async () => ({ jobId: startMaintenanceJob(ctx, 'verify') }),
    startRebuild: async () => ({ jobId: startMaintenanceJob(ctx, 'rebuild') }),
    startTickBackfill: async (req) => ({ jobId: startTickBackfillJob(ctx, req) }),
    listJobs: async () => ctx.jobs.all(),
    getSettings: async () => settingsView(),
    setSettings: async (patch) => {
      // The jobs call the servers of the settings: a page setting one would point them anywhere.
      for (const p of Object.values(patch.providers ?? {})) refusePageServer(ctx.uploadDir, p?.baseUrl);
      ctx.settings.apply(patch);
      if (patch.readCacheMb !== undefined) catalog().setReadCacheMb?.(patch.readCacheMb);
      const view = settingsView();
      await ctx.metricsPort.sync(view.metricsPort, view.metricsToken);
      return view;
    },
    createCatalog: async ({ dir }) => {
      refuseCatalogOutsideRoot(ctx.catalogsRoot, dir);
      return ctx.catalogs.switchTo(dir, true);
    },
    openCatalog: async ({ dir }) => {
      refuseCatalogOutsideRoot(ctx.catalogsRoot, dir, 'open', ctx.startupCatalogDir);
      return ctx.catalogs.switchTo(dir, false);
    },
    testDbConnection: async ({ url }) => ({
      target: await testDbConnection(url, savedDbPassword(ctx, parseDbTarget(url))),
    }),
    previewDbImport: async (input) => {
      const plan = planInputOf(input);
      return rememberDbPlan(ctx, await previewDbImport(plan, 20, savedDbPassword(ctx, plan.target)));
    },
    startDbImport: async (input) => ({ jobId: await startDbImportJob(ctx, input) }),
    runSql: async ({ sql, maxRows }) => {
      const { runSql } = await import('../engines/sql/index');
      return runSql(catalog(), sql, { maxRows: maxRows ?? 1000 });
    },
    loadSampleData: async () => {
      const job = ctx.jobs.start('sample', 'Load sample data', 'series');
      try {
        const ids = await loadSampleData(catalog(), job.signal);
        job.update({ seriesIds: ids });
        job.progress(ids.length, ids.length);
        job.finish('done', `${ids.length} sample series written`);
        ctx.bus.emit('seriesChanged', { ids });
        return { seriesIds: ids };
      } catch (err) {
        job.finish('failed', (err as Error).message);
        throw err;
      }
    },
    searchSymbols: (input) => searchSymbols(ctx, input),
    addSeries: (input) => addSeries(ctx, input),
    updateSeries: (input) => updateSeries(ctx, input),
    listSchedules: async () => {
      const { views, settings } = await ctx.schedules.views();
      return { schedules: views, groups: settings.groups };
    },
    setSchedule: async (input) => setSchedule(ctx, input),
    removeSchedule: async ({ id }) => removeSchedule(ctx, id),
    setGroupSchedule: async (input) => setGroupSchedule(ctx, input),
    removeGroupSchedule: async ({ id }) => removeGroupSchedule(ctx, id),
    listDeadLetters: async () => ctx.schedules.deadLetters(),
    retryDeadLetters: async () => ({ jobId: await ctx.schedules.retryDead() }),
    healthReport: async () => healthReport(catalog(), { now: ctx.now() }),
    setSeriesHealth: async ({ id, maxLagMs, notify }) => {
      const key = keyOf(id);
      await catalog().availability(key); // an unknown series gets no settings
      // Stored under the canonical id, which the health report looks up.
      const set = await setSeriesHealthSettings(catalog().dir, seriesId(key), { maxLagMs, notify });
      ctx.bus.emit('seriesChanged', { ids: [seriesId(key)] });
      return set;
    },
  };
}

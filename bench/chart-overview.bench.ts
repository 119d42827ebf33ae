// The price chart's whole-history view of 10 years of 1-minute bars (5.26 M bars), in main:
// before = resampling the series' own bars on read (what the chart did without overviews, timed
// through the resample engine), after = the chart command served from the series' overview levels:
// the first view (which builds the overview), a view in a new core (overview stored, nothing in
// memory), and the view after a one-bar write (only that partition resampled again). Wall and CPU.
// BENCH_CHART_YEARS=N shrinks it for a smoke run.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src-main/app/create-core';
import { chartResolution } from '../src-main/app/series/price-chart';
import { openCatalog } from '../src-main/engines/catalog/index';
import { readResampled } from '../src-main/engines/resample/index';
import { CHART_BARS, type PriceChart } from '../src-shared/domain/series-views/price-chart';
import { MINUTE } from '../src-shared/domain/timeframe';
import { grid, walk } from '../test/main/quality/synthetic';
import { machineFigures, median, recordBench, timed } from './record';

const YEARS = Number(process.env.BENCH_CHART_YEARS ?? 10);
const FROM = Date.UTC(2015, 0, 1);
const TO = Date.UTC(2015 + YEARS, 0, 1);
const KEY = { venue: 'BENCH', symbol: 'TENY', timeframe: '1m' } as const;
const ID = 'BENCH:TENY:1m';

/** The whole-history view in a new core (empty read cache, no answers kept in memory). */
async function view(catalogDir: string): Promise<PriceChart> {
  const core = await createCore({ catalogDir, dataDir: null });
  try {
    const r = await core.dispatch('priceChart', { id: ID });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as PriceChart;
  } finally {
    await core.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-chart-overview-'));
  const catalogDir = path.join(dir, 'catalog');
  try {
    const bars = walk(grid(FROM, (TO - FROM) / MINUTE), 12345);
    const writer = await openCatalog(catalogDir);
    const write = await timed(() => writer.write(KEY, bars, 'merge'));
    await writer.close();

    // Before: the view's bars resampled from every minute, each run in a newly opened catalog.
    const resolution = chartResolution('1m', { from: FROM, to: TO }, CHART_BARS);
    const before = [];
    for (let i = 0; i < 3; i++)
      before.push(
        await timed(async () => {
          const c = await openCatalog(catalogDir, { create: false });
          try {
            return await readResampled(
              c,
              KEY,
              { from: FROM, to: TO },
              {},
              {
                timeframe: resolution,
                align: 'utc',
                fill: false,
                completeOnly: false,
              },
            );
          } finally {
            await c.close();
          }
        }),
      );
    const build = await timed(() => view(catalogDir));
    const stored = [
      await timed(() => view(catalogDir)),
      await timed(() => view(catalogDir)),
      await timed(() => view(catalogDir)),
    ];
    // One bar rewritten in the middle: its month is resampled again, the rest is kept.
    const writer2 = await openCatalog(catalogDir, { create: false });
    const mid = Math.floor(bars.length / 2);
    const one = walk([bars.ts[mid]!], 3, bars.close[mid]!);
    await writer2.write(KEY, one, 'merge');
    await writer2.close();
    const afterWrite = await timed(() => view(catalogDir));

    recordBench('chartOverview', {
      years: YEARS,
      bars: bars.length,
      writeSec: Math.round(write.wall / 100) / 10,
      resolution: stored[0]!.value.resolution,
      level: stored[0]!.value.level ?? null,
      viewBars: stored[0]!.value.bars.ts.length,
      beforeResampleOnReadWallMs: median(before.map((r) => r.wall)),
      beforeResampleOnReadCpuMs: median(before.map((r) => r.cpu)),
      afterFirstViewBuildsOverviewWallMs: build.wall,
      afterFirstViewBuildsOverviewCpuMs: build.cpu,
      afterViewNewCoreWallMs: median(stored.map((r) => r.wall)),
      afterViewNewCoreCpuMs: median(stored.map((r) => r.cpu)),
      afterOneBarWriteViewWallMs: afterWrite.wall,
      afterOneBarWriteViewCpuMs: afterWrite.cpu,
      ...machineFigures(),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

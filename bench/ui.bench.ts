// UI bench: drives the web host in Chromium. Figures are printed and recorded, never asserted.
// 1) first paint of the availability table with 10,000 series after the list arrives, 2) scroll fps,
// 3) gap chart of ten years of 1-minute data (aggregation in main + draw), 4) renderer long tasks
// while a big import runs (when the import engine is present).
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src-main/app/create-core';
import type { Catalog } from '../src-main/engines/catalog/index';
import { startWebHost } from '../src-main/hosts/web/server';
import { type SeriesKey, seriesId } from '../src-shared/domain/series';
import type { Availability, SeriesSummary } from '../src-shared/domain/series-views/availability';
import { manySeries } from './many-series';
import { peakRssMb, recordBench } from './record';
import { markTime, openInChromium } from './web-page';

const SERIES = Number(process.env.BENCH_UI_SERIES ?? 10_000);
const MINUTE = 60_000;
const TEN_YEARS_FROM = Date.UTC(2015, 0, 1);
const TEN_YEARS_TO = Date.UTC(2025, 0, 1);
const BIG_ID = 'BENCH:BIG:1m';

function summaries(): SeriesSummary[] {
  const out = manySeries(SERIES, TEN_YEARS_FROM, TEN_YEARS_TO);
  out[0] = { ...out[0]!, id: BIG_ID, venue: 'BENCH', symbol: 'BIG', timeframe: '1m' };
  return out;
}

/** Ten years of 1-minute bars with a gap every ~3.5 days: 1,500 gaps, 5.26M bar slots. */
function bigAvailability(summary: SeriesSummary): Availability {
  const covered = [];
  const gaps = [];
  let t = TEN_YEARS_FROM;
  while (t < TEN_YEARS_TO) {
    const end = Math.min(TEN_YEARS_TO, t + 5000 * MINUTE);
    covered.push({ from: t, to: end });
    if (end >= TEN_YEARS_TO) break;
    gaps.push({ from: end, to: end + 30 * MINUTE, missingBars: 30 });
    t = end + 30 * MINUTE;
  }
  return { ...summary, first: TEN_YEARS_FROM, last: TEN_YEARS_TO - MINUTE, covered, gaps, checkedEmpty: [] };
}

/** A catalog that answers from memory: this bench measures the UI and the transport, not Parquet. */
function syntheticCatalog(dir: string): Catalog {
  const list = summaries();
  const byId = new Map(list.map((s) => [s.id, s]));
  const big = bigAvailability(byId.get(BIG_ID)!);
  const notHere = () => Promise.reject(new Error('read-only bench catalog'));
  return {
    dir,
    listSeries: async () => list,
    availability: async (key: SeriesKey) => {
      const s = byId.get(seriesId(key))!;
      return s.id === BIG_ID
        ? big
        : { ...s, covered: [{ from: s.first!, to: s.last! }], gaps: [], checkedEmpty: [] };
    },
    query: async () => ({ numRows: 0, getChild: () => null }) as unknown as import('apache-arrow').Table,
    write: notHere,
    countExisting: async () => 0,
    recordCheckedEmpty: notHere,
    clearCheckedEmpty: notHere,
    setCalendar: notHere,
    verify: notHere,
    rebuild: notHere,
    close: async () => {},
  };
}

// A string, not a function: tsx's name-keeping helpers do not exist inside the page.
const SCROLL_SCRIPT = `(async () => {
  const el = document.querySelector('[data-testid=series-table]');
  let frames = 0, worst = 0, last = performance.now();
  const start = last;
  await new Promise((resolve) => {
    const step = (now) => {
      frames++;
      worst = Math.max(worst, now - last);
      last = now;
      el.scrollTop += 120;
      if (now - start < 2000) requestAnimationFrame(step); else resolve();
    };
    requestAnimationFrame(step);
  });
  return { fps: (frames * 1000) / (performance.now() - start), worstFrameMs: worst };
})()`;

async function main(): Promise<void> {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' });
  if (build.status !== 0) throw new Error('electron-vite build failed');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-ui-bench-'));
  const core = await createCore({
    catalogDir: dir,
    dataDir: null,
    openCatalog: async (d) => syntheticCatalog(d),
  });
  const { host, browser, page } = await openInChromium(core, dir);
  try {
    const arrived = await markTime(page, 'barcat:series-arrived');
    const painted = await markTime(page, 'barcat:table-painted');
    const rowsRendered = await page.locator('[data-series-id]').count();

    // Scroll the virtualized table for two seconds, one step per frame, and count frames.
    const scroll = (await page.evaluate(SCROLL_SCRIPT)) as { fps: number; worstFrameMs: number };

    await page.getByLabel('Search series').fill('BENCH');
    await page.locator(`[data-series-id="${BIG_ID}"]`).click();
    const requested = await markTime(page, 'barcat:gap-chart-requested');
    const chartArrived = await markTime(page, 'barcat:gap-chart-arrived');
    const chartPainted = await markTime(page, 'barcat:gap-chart-painted');
    const svgElements = (await page.evaluate(
      "document.querySelectorAll('[data-testid=gap-chart] svg *').length",
    )) as number;

    recordBench('ui', {
      series: SERIES,
      tableFirstPaintMsAfterData: Math.round(painted - arrived),
      tableRowsInDom: rowsRendered,
      scrollFps: Math.round(scroll.fps),
      scrollWorstFrameMs: Math.round(scroll.worstFrameMs),
      gapChart10y1mAggregateAndTransferMs: Math.round(chartArrived - requested),
      gapChart10y1mDrawMs: Math.round(chartPainted - chartArrived),
      gapChartSvgElements: svgElements,
      benchProcessPeakRssMb: peakRssMb(),
    });
    await importLongTasks(browser, dir);
  } finally {
    await browser.close();
    await host.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const IMPORT_ROWS = Number(process.env.BENCH_UI_IMPORT_ROWS ?? 5_000_000);

/** A headerless Binance-style 1m CSV of IMPORT_ROWS bars. */
async function writeBigCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  const t0 = Date.UTC(2015, 0, 1);
  let chunk = '';
  for (let i = 0; i < IMPORT_ROWS; i++) {
    const p = 100 + (i % 1000) / 10;
    chunk += `${t0 + i * MINUTE},${p},${p + 1},${p - 1},${p + 0.5},${(i % 97) + 1}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
}

/** Long tasks in the page while a big import runs in main, the page showing its progress. */
async function importLongTasks(browser: import('playwright-core').Browser, dir: string): Promise<void> {
  const csv = path.join(dir, 'BIGCOIN-1m-bench.csv');
  await writeBigCsv(csv);
  const core = await createCore({ catalogDir: path.join(dir, 'real'), dataDir: null });
  const host = await startWebHost({
    core,
    rendererDir: path.resolve('out/renderer'),
    uploadDir: path.join(dir, 'up2'),
    token: 'bench2',
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(host.url);
    await page.getByTestId('welcome').waitFor();
    await page.evaluate(LONGTASK_SCRIPT);
    const started = Date.now();
    const r = await core.dispatch('startImport', {
      files: [{ path: csv, overrides: { venue: 'BENCH', symbol: 'BIGCOIN', timeframe: '1m' } }],
      mode: 'skip',
    });
    if (!r.ok) throw new Error(r.error.message);
    const jobId = (r.value as { jobId: string }).jobId;
    await page.getByTestId('jobs-button').click();
    await page.locator(`[data-job-id="${jobId}"][data-job-state="done"]`).waitFor({ timeout: 600_000 });
    const importMs = Date.now() - started;
    const tasks = (await page.evaluate('window.__longTasks')) as number[];
    recordBench('ui-import', {
      importRows: IMPORT_ROWS,
      importMs,
      rendererLongTasks: tasks.length,
      rendererLongestTaskMs: Math.round(Math.max(0, ...tasks)),
      benchProcessPeakRssMb: peakRssMb(),
    });
  } finally {
    await host.close();
    await core.close();
  }
}

const LONGTASK_SCRIPT = `(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push(e.duration);
  }).observe({ type: 'longtask', buffered: false });
})()`;

await main();

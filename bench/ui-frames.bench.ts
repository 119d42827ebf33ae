// UI frames bench: with 10,000 series in the catalog, frame times in Chromium (requestAnimationFrame
// timestamps) while 1) the availability table scrolls, one step per frame, and 2) the price chart of a
// year of 1-minute bars is panned by mouse drags (each drag ends in a new range sent to the time axis
// and a refetch). Prints median / p95 / worst frame time and the frames dropped against 60 fps, with
// the load average: on a shared 2-core machine a busy neighbour drops frames too. Measured, not asserted.
// The catalog: one real series (its Parquet files, so the chart reads real bars) and 9,999 more
// answered from memory (bench/many-series.ts): the bench measures the renderer, not Parquet.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { createCore } from '../src-main/app/create-core';
import { type Catalog, openCatalog } from '../src-main/engines/catalog/index';
import { type SeriesKey, seriesId } from '../src-shared/domain/series';
import type { Availability } from '../src-shared/domain/series-views/availability';
import { manySeries } from './many-series';
import { median, recordBench } from './record';
import { markTime, openInChromium } from './web-page';
import { yearOfMinutes } from './year-bars';

const SERIES = Number(process.env.BENCH_UI_SERIES ?? 10_000);
const FRAME_MS = 1000 / 60;
const BIG: SeriesKey = { venue: 'BENCH', symbol: 'BIG', timeframe: '1m' };
const FROM = Date.UTC(2023, 0, 1);
const TO = Date.UTC(2024, 0, 1);

/** The real catalog (holding BIG) with 9,999 more series listed and answered from memory. */
function withManySeries(real: Catalog): Catalog {
  const others = manySeries(SERIES - 1, FROM, TO);
  const byId = new Map(others.map((s) => [s.id, s]));
  const listSeries = async () => [...(await real.listSeries()), ...others];
  const availability = async (key: SeriesKey, opts?: Parameters<Catalog['availability']>[1]) => {
    const s = byId.get(seriesId(key));
    if (!s) return real.availability(key, opts);
    return { ...s, covered: [{ from: s.first!, to: s.last! }], gaps: [], checkedEmpty: [] } as Availability;
  };
  return new Proxy(real, {
    get(target, prop) {
      if (prop === 'listSeries') return listSeries;
      if (prop === 'seriesListing') return undefined;
      if (prop === 'availability') return availability;
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

// Strings, not functions: tsx's name-keeping helpers do not exist inside the page.
const START_FRAMES = `(() => {
  window.__frames = [];
  window.__recording = true;
  const step = (now) => {
    window.__frames.push(now);
    if (window.__recording) requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})()`;
const STOP_FRAMES = `(() => { window.__recording = false; return window.__frames; })()`;
const SCROLL_TABLE = `new Promise((resolve) => {
  const el = document.querySelector('[data-testid=series-table]');
  const start = performance.now();
  let down = true;
  const step = (now) => {
    if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) down = false;
    if (el.scrollTop <= 0) down = true;
    el.scrollTop += down ? 120 : -120;
    if (now - start < 3000) requestAnimationFrame(step); else resolve(el.scrollTop);
  };
  requestAnimationFrame(step);
})`;

interface FrameFigures {
  /** Renderer main-thread work per frame (Chrome's TaskDuration / ScriptDuration): less bound to the load. */
  taskMsPerFrame: number;
  scriptMsPerFrame: number;
  /** Style recalculation and layout per frame: how many and how long (Chrome's RecalcStyle* / Layout*). */
  styleMsPerFrame: number;
  stylesPerFrame: number;
  layoutMsPerFrame: number;
  layoutsPerFrame: number;
  frames: number;
  medianMs: number;
  p95Ms: number;
  worstMs: number;
  dropped: number;
  fps: number;
}

/** Frame intervals of a recording: dropped = the 60 Hz frames that passed with no new frame. */
function frameFigures(stamps: number[], work: MainThreadWork): FrameFigures {
  const dts = stamps.slice(1).map((t, i) => t - stamps[i]!);
  const sorted = [...dts].sort((a, b) => a - b);
  const dropped = dts.reduce((n, dt) => n + Math.max(0, Math.round(dt / FRAME_MS) - 1), 0);
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    taskMsPerFrame: r1(work.task / dts.length),
    scriptMsPerFrame: r1(work.script / dts.length),
    styleMsPerFrame: r1(work.style / dts.length),
    stylesPerFrame: r1(work.styles / dts.length),
    layoutMsPerFrame: r1(work.layout / dts.length),
    layoutsPerFrame: r1(work.layouts / dts.length),
    frames: dts.length,
    medianMs: r1(median(dts)),
    p95Ms: r1(sorted[Math.floor(sorted.length * 0.95)]!),
    worstMs: r1(sorted.at(-1)!),
    dropped,
    fps: Math.round((dts.length * 1000) / (stamps.at(-1)! - stamps[0]!)),
  };
}

type MainThreadWork = Record<'task' | 'script' | 'style' | 'styles' | 'layout' | 'layouts', number>;

/** Chrome's cumulative main-thread work of the page: times in ms, style recalcs and layouts counted. */
async function mainThreadWork(cdp: CDPSession): Promise<MainThreadWork> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  const get = (n: string) => metrics.find((m) => m.name === n)?.value ?? 0;
  return {
    task: get('TaskDuration') * 1000,
    script: get('ScriptDuration') * 1000,
    style: get('RecalcStyleDuration') * 1000,
    styles: get('RecalcStyleCount'),
    layout: get('LayoutDuration') * 1000,
    layouts: get('LayoutCount'),
  };
}

async function recordWhile(page: Page, cdp: CDPSession, act: () => Promise<unknown>): Promise<FrameFigures> {
  await page.evaluate(START_FRAMES);
  const before = await mainThreadWork(cdp);
  await act();
  const after = await mainThreadWork(cdp);
  const stamps = (await page.evaluate(STOP_FRAMES)) as number[];
  const work = Object.fromEntries(
    Object.entries(after).map(([k, v]) => [k, v - before[k as keyof MainThreadWork]]),
  ) as MainThreadWork;
  return frameFigures(stamps, work);
}

// The renderer main thread's paint steps in a trace (getMetrics has no paint time).
const PAINT_EVENTS = new Set(['PrePaint', 'Paint', 'Layerize', 'UpdateLayer', 'CompositeLayers']);

/**
 * Paint per frame from a Chrome trace of a second scroll (tracing slows the page, so it is not the
 * recording above): main-thread paint steps, and the layouts forced by script (a Layout inside a script).
 */
async function tracedScroll(browser: Browser, page: Page): Promise<Record<string, number>> {
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
  });
  await page.evaluate(START_FRAMES);
  await page.evaluate(SCROLL_TABLE);
  const frames = ((await page.evaluate(STOP_FRAMES)) as number[]).length - 1;
  const trace = JSON.parse(String(await browser.stopTracing())) as {
    traceEvents: {
      name: string;
      ph: string;
      dur?: number;
      args?: { beginData?: { stackTrace?: unknown } };
    }[];
  };
  let paintUs = 0;
  let paints = 0;
  let forced = 0;
  for (const e of trace.traceEvents) {
    if (e.ph !== 'X') continue;
    if (PAINT_EVENTS.has(e.name)) {
      paintUs += e.dur ?? 0;
      if (e.name === 'Paint') paints++;
    }
    // A Layout with a script stack was asked for by script (a forced, synchronous layout).
    if (e.name === 'Layout' && e.args?.beginData?.stackTrace) forced++;
  }
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return {
    'paint ms per frame (traced)': r1(paintUs / 1000 / frames),
    'paints per frame (traced)': r1(paints / frames),
    'forced layouts (traced)': forced,
  };
}

/** Zooms in (wheel), then drags across the chart left and right: 4 drags of 40 steps. */
async function panChart(page: Page): Promise<void> {
  await page.getByTestId('price-chart').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('price-chart').boundingBox())!;
  const y = box.y + box.height / 3;
  await page.mouse.move(box.x + box.width / 2, y);
  for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -300);
  await page.waitForTimeout(500);
  for (let drag = 0; drag < 4; drag++) {
    const dir = drag % 2 === 0 ? 1 : -1;
    const x0 = box.x + box.width / 2 - (dir * box.width) / 4;
    await page.mouse.move(x0, y);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) await page.mouse.move(x0 + (dir * i * box.width) / 80, y);
    await page.mouse.up();
    await page.waitForTimeout(300);
  }
}

/** How many times the price chart asked main for bars and drew an answer (its performance marks). */
function chartMarks(page: Page): Promise<{ requested: number; drawn: number }> {
  return page.evaluate(`({
    requested: performance.getEntriesByName('barcat:price-chart-requested').length,
    drawn: performance.getEntriesByName('barcat:price-chart-set').length,
  })`) as Promise<{ requested: number; drawn: number }>;
}

async function main(): Promise<void> {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' });
  if (build.status !== 0) throw new Error('electron-vite build failed');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-ui-frames-'));
  const seed = await openCatalog(dir, {});
  await seed.write(BIG, yearOfMinutes(525_600, FROM), 'merge');
  await seed.close();
  const core = await createCore({
    catalogDir: dir,
    dataDir: null,
    openCatalog: async (d) => withManySeries(await openCatalog(d, {})),
  });
  const { host, browser, page } = await openInChromium(core, dir);
  try {
    const loadStart = os.loadavg()[0]!.toFixed(2);
    await markTime(page, 'barcat:table-painted');
    const rowsInDom = await page.locator('[data-series-id]').count();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const scroll = await recordWhile(page, cdp, () => page.evaluate(SCROLL_TABLE));
    const scrollPaint = await tracedScroll(browser, page);

    await page.getByLabel('Search series').fill('BENCH');
    await page.locator(`[data-series-id="${seriesId(BIG)}"]`).click();
    await page.locator('[data-testid=price-chart] canvas').first().waitFor({ timeout: 120_000 });
    await markTime(page, 'barcat:price-chart-painted');
    await page.getByLabel('Search series').fill('');
    const before = await chartMarks(page);
    const pan = await recordWhile(page, cdp, () => panChart(page));
    // Each zoom or drag sends a new range; the chart asks main for its bars and draws the answer.
    const after = await chartMarks(page);
    if (after.requested === before.requested) {
      await page.screenshot({ path: 'test-results/ui-frames-pan.png' });
      throw new Error('the pan moved no range (test-results/ui-frames-pan.png): no frame figure for it');
    }

    const figures: Record<string, number | string> = {
      series: SERIES,
      'load average at start (2 cores)': loadStart,
      'table rows in DOM': rowsInDom,
      'price chart requests during the pan': after.requested - before.requested,
      'price chart draws during the pan': after.drawn - before.drawn,
    };
    for (const [k, v] of Object.entries(scrollPaint)) figures[`table scroll ${k}`] = v;
    for (const [name, f] of [
      ['table scroll', scroll],
      ['price chart pan', pan],
    ] as const) {
      figures[`${name} main-thread task ms per frame`] = f.taskMsPerFrame;
      figures[`${name} script ms per frame`] = f.scriptMsPerFrame;
      figures[`${name} style recalc ms per frame`] = f.styleMsPerFrame;
      figures[`${name} style recalcs per frame`] = f.stylesPerFrame;
      figures[`${name} layout ms per frame`] = f.layoutMsPerFrame;
      figures[`${name} layouts per frame`] = f.layoutsPerFrame;
      figures[`${name} frames`] = f.frames;
      figures[`${name} median frame ms (target <= 16.7)`] = f.medianMs;
      figures[`${name} p95 frame ms`] = f.p95Ms;
      figures[`${name} worst frame ms`] = f.worstMs;
      figures[`${name} dropped frames`] = f.dropped;
      figures[`${name} fps (target 60)`] = f.fps;
    }
    figures['load average at end'] = os.loadavg()[0]!.toFixed(2);
    recordBench('ui-frames', figures);
  } finally {
    await browser.close();
    await host.close();
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

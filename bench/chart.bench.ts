// Price chart of 10 years of 1-minute bars (5.24 M bars, a real catalog): (a) main's answer for the
// full view (and the same view again, kept) and for a zoom to one day (read, resample on read, gaps
// and findings); (b) in Chromium through the web host: first draw after the data arrives (target
// < 200 ms) and frames per second while the wheel zooms and a drag pans (target 60). Figures are
// printed and recorded, never asserted.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createCore } from '../src-main/app/create-core';
import { refreshQuality } from '../src-main/engines/quality/index';
import type { PriceChart } from '../src-shared/domain/series-views/price-chart';
import { DAY, MINUTE } from '../src-shared/domain/timeframe';
import { grid, walk } from '../test/main/quality/synthetic';
import { median, ms, peakRssMb, recordBench } from './record';
import { markTime, openInChromium } from './web-page';

const FROM = Date.UTC(2015, 0, 1);
const TO = Date.UTC(2025, 0, 1);
const KEY = { venue: 'BENCH', symbol: 'TENY', timeframe: '1m' } as const;
const ID = 'BENCH:TENY:1m';
const DAY_RANGE = { from: Date.UTC(2020, 5, 10), to: Date.UTC(2020, 5, 11) };

// Strings, not functions: tsx's name-keeping helpers do not exist inside the page.
const FRAMES_START = `(() => {
  window.__frames = { n: 0, worst: 0, last: performance.now(), start: performance.now(), on: true };
  const step = (now) => {
    const f = window.__frames;
    if (!f.on) return;
    f.n++; f.worst = Math.max(f.worst, now - f.last); f.last = now;
    requestAnimationFrame(step);
  };
  requestAnimationFrame(step);
})()`;
const FRAMES_STOP = `(() => {
  const f = window.__frames; f.on = false;
  return { fps: (f.n * 1000) / (performance.now() - f.start), worstFrameMs: f.worst };
})()`;

async function main(): Promise<void> {
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' });
  if (build.status !== 0) throw new Error('electron-vite build failed');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-chart-bench-'));
  const core = await createCore({ catalogDir: path.join(dir, 'catalog'), dataDir: null });
  try {
    // A random walk with a wick every 100,000 bars and a day missing each year, so gaps and findings are drawn.
    const times = grid(FROM, (TO - FROM) / MINUTE).filter((t) => (t - FROM) % (365 * DAY) >= DAY);
    const bars = walk(times, 12345);
    for (let i = 50_000; i < bars.length; i += 100_000) bars.low[i] = bars.low[i]! * 0.9;
    let start = performance.now();
    await core.catalog().write(KEY, bars, 'merge');
    const writeMs = ms(start);
    await refreshQuality(core.catalog(), KEY);

    const answer = async (input: object) => {
      const r = await core.dispatch('priceChart', { id: ID, ...input });
      if (!r.ok) throw new Error(r.error.message);
      return r.value as PriceChart;
    };
    // Answers are kept per view (keyed by the manifest generation): each timed view is a new one.
    const time = async (inputs: object[]) => {
      const runs: number[] = [];
      let last: PriceChart | undefined;
      for (const input of inputs) {
        start = performance.now();
        last = await answer(input);
        runs.push(ms(start));
      }
      return { ms: median(runs), chart: last! };
    };
    const full = await time([{}]);
    const fullAgain = await time([{}]);
    const day = await time(
      [0, 1, 2].map((d) => ({ range: { from: DAY_RANGE.from + d * DAY, to: DAY_RANGE.to + d * DAY } })),
    );

    const { host, browser, page } = await openInChromium(core, dir, { width: 1440, height: 1100 });
    try {
      await page.locator(`[data-series-id="${ID}"]`).click();
      const arrived = await markTime(page, 'barcat:price-chart-arrived');
      const painted = await markTime(page, 'barcat:price-chart-painted', arrived);
      const setDataMs = Number(await page.getByTestId('price-chart').getAttribute('data-draw-ms'));

      const box = (await page.getByTestId('price-chart').boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 3);
      const before = performance.now();
      await page.evaluate(FRAMES_START);
      for (let i = 0; i < 30; i++) {
        await page.mouse.wheel(0, -240);
        await page.waitForTimeout(40);
      }
      const zoom = (await page.evaluate(FRAMES_STOP)) as { fps: number; worstFrameMs: number };
      const zoomWallMs = ms(before);
      // A drag to the right pans back in time; the range is fetched again once the drag pauses.
      await page.evaluate(FRAMES_START);
      await page.mouse.down();
      for (let i = 0; i < 30; i++)
        await page.mouse.move(box.x + box.width / 2 + i * 15, box.y + box.height / 3);
      await page.mouse.up();
      await page.waitForTimeout(500);
      const pan = (await page.evaluate(FRAMES_STOP)) as { fps: number; worstFrameMs: number };
      const answers = (await page.evaluate(
        "performance.getEntriesByName('barcat:price-chart-arrived').length",
      )) as number;
      const shown = await page.getByTestId('price-resolution').textContent();

      recordBench('chart', {
        bars: bars.length,
        writeSec: Math.round(writeMs / 100) / 10,
        mainFullViewMs: full.ms,
        fullViewResolution: full.chart.resolution,
        fullViewBars: full.chart.bars.ts.length,
        fullViewFindings: full.chart.findingTotal,
        fullViewGaps: full.chart.gapTotal,
        mainFullViewAgainMs: fullAgain.ms,
        mainOneDayMs: day.ms,
        oneDayResolution: day.chart.resolution,
        oneDayBars: day.chart.bars.ts.length,
        firstDrawMsAfterData: Math.round(painted - arrived),
        setDataMs,
        targetFirstDrawMs: 200,
        wheelZoomFps: Math.round(zoom.fps),
        wheelZoomWorstFrameMs: Math.round(zoom.worstFrameMs),
        wheelZoomWallMs: Math.round(zoomWallMs),
        dragPanFps: Math.round(pan.fps),
        dragPanWorstFrameMs: Math.round(pan.worstFrameMs),
        answersDrawn: answers,
        lastView: shown ?? '',
        peakRssMb: peakRssMb(),
        // The machine may be shared: a load above its core count slows every figure.
        loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
      });
    } finally {
      await browser.close();
      await host.close();
    }
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readManifest } from '../../../src-main/engines/catalog/index';
import { resultsPath } from '../../../src-main/engines/quality/index';
import { readOverview } from '../../../src-main/engines/resample/index';
import type { CommandOutput, ImportFilePreview, JobView } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import type { PriceChart } from '../../../src-shared/domain/series-views/price-chart';
import { jobEnded } from '../../helpers/job-end';
import { until } from '../../helpers/until';
import { grid, walk } from '../../main/quality/synthetic';
import { tempCore } from '../temp-core';

const T0 = Date.UTC(2024, 0, 1);

let dir: string;
/** Series whose quality refresh has ended (its qualityChanged event: results stored, counts forgotten). */
const refreshed = new Set<string>();
const call = tempCore('barcat-quality-refresh-', (d, core) => {
  dir = d;
  refreshed.clear();
  core.events.subscribe((name, payload) => {
    if (name === 'qualityChanged') for (const id of (payload as { ids: string[] }).ids) refreshed.add(id);
  });
});

/** A day of 1m BINANCE bars (a clean random walk); `spike` plants a 10 % low wick at 10:00. */
function dayCsv(symbol: string, spike: boolean): string {
  const b = walk(grid(T0, 1440), 3);
  if (spike) b.low[600] = b.low[600]! * 0.9;
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < 1440; i++)
    lines.push(
      `${new Date(b.ts[i]!).toISOString()},${b.open[i]},${b.high[i]},${b.low[i]},${b.close[i]},${b.volume[i]}`,
    );
  const file = path.join(dir, `${symbol}-1m.csv`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Previews and imports the files the way the dialog does; resolves with the finished job. */
async function importFiles(files: string[]): Promise<JobView> {
  const previews: ImportFilePreview[] = [];
  for (const file of files) {
    const out = await call<CommandOutput<'previewImport'>>('previewImport', {
      files: [{ path: file, overrides: { venue: 'BINANCE' } }],
    });
    previews.push(out.files[0] as ImportFilePreview);
  }
  const { jobId } = await call<{ jobId: string }>('startImport', {
    files: previews.map((p) => ({ path: p.path, planId: p.planId })),
    mode: 'merge',
  });
  return jobEnded(() => call<JobView[]>('listJobs'), jobId);
}

const findings = async () =>
  Object.fromEntries((await call<SeriesSummary[]>('listSeries')).map((s) => [s.id, s.qualityFindings]));

describe('quality results after a job writes series', () => {
  it('are refreshed in the background and listed as a count per series', async () => {
    const job = await importFiles([dayCsv('BAD', true), dayCsv('CLEAN', false)]);
    expect(job.state).toBe('done');
    const listed = await until('the quality refresh', async () => {
      const f = await findings();
      return Object.values(f).every((n) => n !== null) ? f : undefined;
    });
    expect(listed).toEqual({ 'BINANCE:BAD:1m': 1, 'BINANCE:CLEAN:1m': 0 });
  });

  it('never fail the job: a refresh that cannot store its results is a note on the job', async () => {
    // A file where the results folder belongs: the results can be neither read nor written.
    mkdirSync(path.join(dir, 'catalog'), { recursive: true });
    writeFileSync(path.join(dir, 'catalog', 'quality'), '');
    const job = await importFiles([dayCsv('BAD', true)]);
    expect(job.state).toBe('done');
    const note = await until('the note', async () => {
      const now = (await call<JobView[]>('listJobs')).find((j) => j.id === job.id);
      return now?.problems.find((p) => p.startsWith('quality check of BINANCE:BAD:1m not updated: '));
    });
    // The note names the folder that could not be used (the errno depends on which step met the file).
    expect(note).toMatch(/catalog\/quality'? \(run "barcat quality BINANCE:BAD:1m"\)$/);
    expect(await findings()).toEqual({ 'BINANCE:BAD:1m': null });
  });

  it('are counted once per refresh: listings reuse the count until a refresh, a rename or a catalog switch', async () => {
    await importFiles([dayCsv('BAD', true), dayCsv('CLEAN', false)]);
    // Both refreshes ended: a count listed while one was storing its results is forgotten when it ends.
    await until('the quality refresh', async () =>
      refreshed.has('BINANCE:BAD:1m') && refreshed.has('BINANCE:CLEAN:1m') ? true : undefined,
    );
    expect(await findings()).toEqual({ 'BINANCE:BAD:1m': 1, 'BINANCE:CLEAN:1m': 0 });
    // Results files removed behind the app's back: a listing does not read them again.
    const cat = path.join(dir, 'catalog');
    const drop = (id: string) => rmSync(resultsPath(cat, parseSeriesId(id)));
    drop('BINANCE:BAD:1m');
    drop('BINANCE:CLEAN:1m');
    expect(await findings()).toEqual({ 'BINANCE:BAD:1m': 1, 'BINANCE:CLEAN:1m': 0 });
    // A rename forgets both names: back under its old name the series is read again (none stored).
    await call('renameSeries', { id: 'BINANCE:BAD:1m', symbol: 'BAD2' });
    await call('renameSeries', { id: 'BINANCE:BAD2:1m', symbol: 'BAD' });
    expect(await findings()).toEqual({ 'BINANCE:BAD:1m': null, 'BINANCE:CLEAN:1m': 0 });
    // Another catalog and back: every count is read again.
    await call('createCatalog', { dir: path.join(dir, 'other') });
    await call('openCatalog', { dir: cat });
    expect(await findings()).toEqual({ 'BINANCE:BAD:1m': null, 'BINANCE:CLEAN:1m': null });
    // A refresh stores new results and the listing shows them: the spike is written over.
    await importFiles([dayCsv('BAD', false)]);
    expect(
      await until('the refresh after the import', async () => {
        const f = await findings();
        return f['BINANCE:BAD:1m'] === null ? undefined : f;
      }),
    ).toEqual({ 'BINANCE:BAD:1m': 0, 'BINANCE:CLEAN:1m': null });
  });

  it('bring the overview of a series that has one up to date after a job wrote it', async () => {
    const id = 'BINANCE:BAD:1m';
    const cat = path.join(dir, 'catalog');
    const key = parseSeriesId(id);
    await importFiles([dayCsv('BAD', true)]);
    await until('the quality refresh', async () => (refreshed.has(id) ? true : undefined));
    // No whole-history view yet: no overview is built for it.
    expect(await readOverview(cat, key)).toBeUndefined();
    const range = { from: T0, to: T0 + 400 * 86_400_000 };
    const chart = await call<PriceChart>('priceChart', { id, range, maxBars: 100 });
    expect(chart).toMatchObject({ resolution: '1w', level: '1d' });
    const before = (await readOverview(cat, key))!;
    refreshed.clear();
    // The wick written over: the job's refresh rebuilds the overview before it says so.
    await importFiles([dayCsv('BAD', false)]);
    await until('the refresh after the import', async () => (refreshed.has(id) ? true : undefined));
    const after = (await readOverview(cat, key))!;
    expect(after.generation).toBe((await readManifest(cat, key))!.generation);
    expect(after.generation).toBeGreaterThan(before.generation);
    // The day's low is the clean walk's lowest low again, no longer the wick.
    expect(before.bars[1]!.low[0]).toBe(walk(grid(T0, 1440), 3).low[600]! * 0.9);
    expect(after.bars[1]!.low[0]).toBe(Math.min(...walk(grid(T0, 1440), 3).low));
  });
});

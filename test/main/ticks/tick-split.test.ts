import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { decodeTicks } from '../../../src-main/engines/catalog/ticks/tick-codec';
import { planTicks } from '../../../src-main/engines/import/ticks/tick-detect';
import { runTickImport, type TickFileResult } from '../../../src-main/engines/import/ticks/tick-import';
import { dayCut, tickSplitStats } from '../../../src-main/engines/import/ticks/tick-split';
import type { ErrorPolicy } from '../../../src-shared/domain/import';
import { expectCancelledUnwritten, quotesWithBars, tickRows, tickWorkspaces, withoutSizes } from './helpers';

const workspace = tickWorkspaces();

const two = (n: number) => String(n).padStart(2, '0');
/** A Dukascopy `Gmt time` stamp of a UTC ms time. */
function stamp(t: number): string {
  const d = new Date(t);
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** Five UTC days of quotes, 3000 a day 20 s apart (the middle falls in day 3, the cut at day 4's first row); `edit` may change rows. */
function quoteLines(edit: (rows: string[], times: number[]) => void = () => {}): string[] {
  const rows: string[] = [];
  const times: number[] = [];
  for (let day = 0; day < 5; day++)
    for (let i = 0; i < 3000; i++) {
      const t = Date.UTC(2024, 0, 2 + day) + i * 20_000 + (i % 7) * 13;
      const bid = (1.1 + ((i * 7 + day) % 50) / 100_000).toFixed(5);
      const ask = (Number(bid) + 0.00012).toFixed(5);
      times.push(t);
      rows.push(`${stamp(t)},${ask},${bid},${((i % 9) * 0.25).toFixed(2)},${((i % 5) * 0.5).toFixed(2)}`);
    }
  edit(rows, times);
  return ['Gmt time,Ask,Bid,AskVolume,BidVolume', ...rows];
}

/**
 * Every tick file of the catalog by its path under ticks/: the bytes before its footer (the column
 * chunks: byte for byte) and its decoded ticks. The footer's key-value metadata is written in the
 * order of parquet-wasm's hash map, which differs between any two writes of the same ticks.
 */
function tickFiles(catalog: string): Record<string, { chunks: string; ticks: number[][] }> {
  const out: Record<string, { chunks: string; ticks: number[][] }> = {};
  const root = path.join(catalog, 'ticks');
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        const footer = bytes.readUInt32LE(bytes.length - 8);
        out[path.relative(root, p)] = {
          chunks: bytes.subarray(0, bytes.length - 8 - footer).toString('base64'),
          ticks: tickRows(decodeTicks('quotes', bytes)),
        };
      }
    }
  };
  walk(root);
  return out;
}

/** Imports `file` into a fresh catalog, split in two ranges or read whole (both through the import workers). */
async function importInto(
  catalogDir: string,
  file: string,
  split: boolean,
  onError: ErrorPolicy,
): Promise<{ result: TickFileResult; bars: string[] }> {
  const catalog = await openCatalog(catalogDir, { create: true });
  try {
    const r = await runTickImport(catalog, quotesWithBars([file], onError), {
      splitBytes: split ? 0 : Number.POSITIVE_INFINITY,
    });
    const key = { venue: 'DUKASCOPY', symbol: 'EURUSD', timeframe: '1m' as const };
    const series = await catalog.listSeries();
    // Every stored bar as Arrow prints it (time, prices, volume, trades).
    const bars = series.length > 0 ? (await catalog.query(key, undefined)).toArray().map(String) : [];
    return { result: r.files[0]!, bars };
  } finally {
    await catalog.close();
  }
}

async function compare(lines: string[], onError: ErrorPolicy, expectSplit: boolean) {
  const ws = await workspace();
  const file = ws.file('EURUSD_Ticks_2024.01.02-2024.01.06.csv', lines);
  const before = { ...tickSplitStats };
  const whole = await importInto(path.join(ws.dir, 'whole'), file, false, onError);
  expect(tickSplitStats).toEqual(before);
  const split = await importInto(path.join(ws.dir, 'split'), file, true, onError);
  expect(tickSplitStats).toEqual(
    expectSplit ? { ...before, split: before.split + 1 } : { ...before, fellBack: before.fellBack + 1 },
  );
  expect(split.result).toEqual(whole.result);
  expect(split.bars).toEqual(whole.bars);
  if (whole.result.status === 'imported')
    expect(tickFiles(path.join(ws.dir, 'split'))).toEqual(tickFiles(path.join(ws.dir, 'whole')));
  return { whole, split, file, dir: ws.dir };
}

/** The 1-based file line of the cut (the second range's first line). */
async function cutLine(file: string, lines: string[]): Promise<number> {
  const plan = planTicks(file, lines.slice(0, 20).join('\n'), { ticks: 'keep' });
  if ('refusal' in plan) throw new Error(plan.refusal);
  const cut = await dayCut(file, statSync(file).size, plan);
  expect(cut).not.toBeNull();
  const text = `${lines.join('\n')}\n`;
  return text.slice(0, cut!.at).split('\n').length;
}

describe('a big tick file read in two ranges (one per import worker) gives what one read gives', () => {
  it('clean quotes: the same tick partitions (column chunks byte for byte), the same bars, counts and message', async () => {
    const { whole, file, dir } = await compare(quoteLines(), 'reject', true);
    expect(whole.result.status).toBe('imported');
    expect(whole.result.ticks).toBe(15_000);
    expect(Object.keys(tickFiles(path.join(dir, 'split'))).sort()).toEqual(
      ['2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05', '2024-01-06'].map(
        (d) => `venue=DUKASCOPY/symbol=EURUSD/kind=quotes/date=${d}/g1-0.parquet`,
      ),
    );
    // The split read's hash is the file's: the same bytes again are found unchanged.
    const again = await importInto(path.join(dir, 'split'), file, true, 'reject');
    expect(again.result.status).toBe('unchanged');
  });

  it('skip: problem rows on both sides of the cut, the first line after it among them, keep their file lines', async () => {
    const lines = quoteLines((rows, times) => {
      // Day 4's first row (the cut) crossed, the row before it (day 3's last) a zero bid,
      // a row late by 5 s mid day 1 and one late by 0.5 s mid day 4 (put in order).
      rows[9000] = rows[9000]!.replace(/,([0-9.]+),([0-9.]+),/, (_m, ask, bid) => `,${bid},${ask},`);
      rows[8999] = rows[8999]!.replace(/,([0-9.]+),([0-9.]+),/, (_m, ask) => `,${ask},0,`);
      rows[1500] = `${stamp(times[1499]! - 5000)}${rows[1500]!.slice(23)}`;
      rows[10_500] = `${stamp(times[10_500]! - 20_500)}${rows[10_500]!.slice(23)}`;
    });
    const { whole, file } = await compare(lines, 'skip', true);
    expect(await cutLine(file, lines)).toBe(9002);
    expect(whole.result.problems.map((p) => [p.line, p.rule, p.column])).toEqual([
      [1502, 'time_backwards', 'Gmt time'],
      [9001, 'non_positive_price', 'Bid'],
      [9002, 'crossed_quote', 'Bid'],
      [null, 'ticks_reordered', 'Gmt time'],
    ]);
    expect(whole.result.ticks).toBe(14_997);
    expect(whole.result.reordered).toBe(1);
  });

  it('reject: the same problems, nothing written by either', async () => {
    const lines = quoteLines((rows) => {
      rows[9000] = rows[9000]!.replace(/,([0-9.]+),([0-9.]+),/, (_m, ask, bid) => `,${bid},${ask},`);
      rows[14_999] = rows[14_999]!.replace(/,([0-9.]+),/, ',x,');
    });
    const { split } = await compare(lines, 'reject', true);
    expect(split.result.status).toBe('rejected');
    expect(split.result.problems.map((p) => [p.line, p.rule])).toEqual([
      [9002, 'crossed_quote'],
      [15_001, 'bad_number'],
    ]);
    expect(split.bars).toEqual([]);
  });

  it('a tick of the day before the cut just after it (late within the tolerance): read in one piece instead', async () => {
    const lines = quoteLines((rows, times) => {
      rows[9001] = `${stamp(times[8999]! + 100)}${rows[9001]!.slice(23)}`;
    });
    const { whole } = await compare(lines, 'skip', false);
    expect(whole.result.problems.map((p) => [p.line, p.rule])).toEqual([[9003, 'time_backwards']]);
  });

  it('sizes missing: the volume is the tick count in both', async () => {
    const ws = await workspace();
    const lines = withoutSizes(quoteLines());
    const file = ws.file('EURUSD_Ticks_2024.01.02-2024.01.06.csv', lines);
    const before = tickSplitStats.split;
    const whole = await importInto(path.join(ws.dir, 'whole'), file, false, 'reject');
    const split = await importInto(path.join(ws.dir, 'split'), file, true, 'reject');
    expect(tickSplitStats.split).toBe(before + 1);
    expect(split.bars).toEqual(whole.bars);
    expect(whole.result.volume).toBe('count');
    expect(whole.bars[0]).toContain('"volume": 3');
  });

  it('cancelled while both ranges read: nothing written, no staging left', async () => {
    const ws = await workspace();
    const file = ws.file('EURUSD_Ticks_2024.01.02-2024.01.06.csv', quoteLines());
    const catalog = await openCatalog(ws.catalog);
    const ac = new AbortController();
    try {
      const r = await runTickImport(catalog, quotesWithBars([file]), {
        signal: ac.signal,
        splitBytes: 0,
        onProgress: () => ac.abort(),
      });
      await expectCancelledUnwritten(r, file, catalog, ws.catalog);
    } finally {
      await catalog.close();
    }
  });
});

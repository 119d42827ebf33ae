import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type BarBatch,
  batchToBars,
  type Catalog,
  openCatalog,
  readManifest,
} from '../../../src-main/engines/catalog/index';
import { encodeStats } from '../../../src-main/engines/catalog/parquet/codec';
import { type FileReader, workerReader } from '../../../src-main/engines/import/readers';
import { TickBarBuilder } from '../../../src-main/engines/import/ticks/tick-bars';
import { planTicks } from '../../../src-main/engines/import/ticks/tick-detect';
import {
  runTickImport,
  type TickFileResult,
  tickBarsSource,
} from '../../../src-main/engines/import/ticks/tick-import';
import { dayCut, tickSplitStats } from '../../../src-main/engines/import/ticks/tick-split';
import type { TickVolume } from '../../../src-shared/domain/ticks';
import { until } from '../../helpers/until';
import {
  expectCancelledUnwritten,
  expectNothingLeft,
  quotes,
  quotesWithBars,
  tickWorkspaces,
  us,
  withoutSizes,
} from './helpers';

const tickWorkspace = tickWorkspaces();

const KEY = { venue: 'DUKASCOPY', symbol: 'EURUSD', timeframe: '1m' as const };
const TICK_KEY = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' as const };
const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2024, 0, 10);
const DAYS = 91;

const two = (n: number) => String(n).padStart(2, '0');
function stamp(t: number): string {
  const d = new Date(t);
  return `${two(d.getUTCDate())}.${two(d.getUTCMonth() + 1)}.${d.getUTCFullYear()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}`;
}

/** The three ticks of each day's 00:00 and 23:59 minute: [second, bid, ask, ask size, bid size]. */
function edgeTicks(day: number, minute: 0 | 1439): [number, number, number, number, number][] {
  const b = 1.1 + day / 10_000 + (minute === 0 ? 0 : 0.0003);
  return [
    [10, b, b + 0.0002, 1.5, 0.5],
    [20, b + 0.0004, b + 0.0006, 2, 1],
    [50, b - 0.0001, b + 0.0001, 0.25, 0.75],
  ];
}

/**
 * 91 UTC days of quotes (2024-01-10 to 2024-04-09: four months), one every 4 minutes from 00:02 and
 * three in each day's first and last minute (edgeTicks); one bad row early and one late (skipped).
 */
function quoteLines(days = DAYS): string[] {
  const rows: string[] = [];
  const row = (t: number, bid: number, ask: number, askSize: number, bidSize: number) =>
    `${stamp(t)},${ask.toFixed(5)},${bid.toFixed(5)},${askSize.toFixed(2)},${bidSize.toFixed(2)}`;
  for (let day = 0; day < days; day++) {
    const t0 = FIRST_DAY + day * DAY;
    for (const [s, bid, ask, as, bs] of edgeTicks(day, 0)) rows.push(row(t0 + s * 1000, bid, ask, as, bs));
    for (let m = 2; m < 1439; m += 4) {
      const bid = 1.1 + ((m * 7 + day) % 40) / 100_000;
      rows.push(
        row(t0 + m * 60_000 + ((m * 13) % 60) * 1000, bid, bid + 0.00012, (m % 9) * 0.25, (m % 5) * 0.5),
      );
    }
    for (const [s, bid, ask, as, bs] of edgeTicks(day, 1439))
      rows.push(row(t0 + 1439 * 60_000 + s * 1000, bid, ask, as, bs));
  }
  rows[1000] = rows[1000]!.replace(/,([0-9.]+),/, ',x,');
  rows[rows.length - 1000] = rows[rows.length - 1000]!.replace(/,([0-9.]+),/, ',x,');
  return ['Gmt time,Ask,Bid,AskVolume,BidVolume', ...rows];
}

/**
 * Resolves true once the signal is aborted, false if it is not within 30 s (the test then fails
 * saying so rather than by its timeout).
 */
function untilAborted(signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) return Promise.resolve(false);
  if (signal.aborted) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), 30_000);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve(true);
      },
      { once: true },
    );
  });
}

/** Every bar partition file of a catalog (ticks aside) by path: the bytes before its footer, and its size. */
function barFiles(catalog: string): Record<string, { chunks: string; bytes: number }> {
  const out: Record<string, { chunks: string; bytes: number }> = {};
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'ticks') walk(p);
      } else if (e.name.endsWith('.parquet')) {
        const bytes = readFileSync(p);
        const footer = bytes.readUInt32LE(bytes.length - 8);
        out[path.relative(catalog, p)] = {
          chunks: bytes.subarray(0, bytes.length - 8 - footer).toString('base64'),
          bytes: bytes.length,
        };
      }
    }
  };
  walk(catalog);
  return out;
}

/** What a catalog holds of the bar series: its files, its manifest (less write times and file hashes) and every bar. */
async function stored(dir: string) {
  const catalog = await openCatalog(dir);
  try {
    const manifest = await readManifest(dir, KEY);
    if (!manifest) throw new Error(`no bar series in ${dir}`);
    const { lastWrite, partitions, ...rest } = manifest;
    return {
      files: barFiles(dir),
      // Write times aside; the file's hash covers its footer, whose key-value metadata parquet-wasm
      // writes in its hash map's order.
      manifest: {
        ...rest,
        lastWrite: lastWrite && { ...lastWrite, at: 0, undo: lastWrite.undo && { ...lastWrite.undo, at: 0 } },
        partitions: partitions.map(({ writtenAt: _w, sha256: _s, ...p }) => p),
      },
      bars: (await catalog.query(KEY, undefined)).toArray().map(String),
    };
  } finally {
    await catalog.close();
  }
}

/** The bar partition files staged so far in a catalog's staging areas (the ticks' files aside). */
function stagedBarFiles(catalog: string): string[] {
  const staging = path.join(catalog, '.staging');
  if (!existsSync(staging)) return [];
  return readdirSync(staging)
    .flatMap((a) => (existsSync(path.join(staging, a)) ? readdirSync(path.join(staging, a)) : []))
    .filter((f) => !f.startsWith('ticks-'))
    .sort();
}

/**
 * The bar files staged once `file` is among them: months are encoded in worker threads, so a month
 * staged during a read is on disk a little later. The caller holds the read open meanwhile, so a month
 * staged only after the ranges end never shows: the wait fails after 20 s, naming the file and the
 * files it saw.
 */
function stagedOnce(catalog: string, file: string): Promise<string[]> {
  return until(
    () =>
      `${file} staged while a range's read was held open (staged: ${stagedBarFiles(catalog).join(', ') || 'none'})`,
    async () => {
      const staged = stagedBarFiles(catalog);
      return staged.includes(file) ? staged : undefined;
    },
    20_000,
  );
}

/**
 * A reader that passes every call to the import workers and notes each partition of bars handed over
 * during a read; with `watch`, the bar files staged when each range's read returns (before the ranges
 * end), once `watch.file` is among them when given.
 */
function notingReader(
  handed: { range: number; from: string; to: string; rows: number }[],
  watch?: { catalog: string; atReadEnd: string[][]; file?: string },
): FileReader {
  const inner = workerReader();
  return {
    ...inner,
    readTicks: async (req, opts) => {
      const read = await inner.readTicks(req, {
        ...opts,
        onBars:
          opts.onBars &&
          ((bars, volume) => {
            handed.push({
              range: req.range?.start ?? 0,
              from: new Date(bars.ts[0]!).toISOString(),
              to: new Date(bars.ts[bars.length - 1]!).toISOString(),
              rows: bars.length,
            });
            opts.onBars!(bars, volume);
          }),
      });
      if (watch)
        watch.atReadEnd.push(
          watch.file ? await stagedOnce(watch.catalog, watch.file) : stagedBarFiles(watch.catalog),
        );
      return read;
    },
  };
}

async function importInto(
  dir: string,
  file: string,
  opts: { split: boolean; force?: boolean; reader?: FileReader },
): Promise<TickFileResult> {
  const catalog = await openCatalog(dir, { create: true });
  try {
    const r = await runTickImport(
      catalog,
      { ...quotesWithBars([file], 'skip'), force: opts.force ?? false },
      { splitBytes: opts.split ? 0 : Number.POSITIVE_INFINITY, reader: opts.reader },
    );
    return r.files[0]!;
  } finally {
    await catalog.close();
  }
}

/** Runs `use` on the catalog in `dir`, opened for it and closed after (even when it throws). */
async function inCatalog<T>(dir: string, use: (c: Catalog) => Promise<T>): Promise<T> {
  const catalog = await openCatalog(dir);
  try {
    return await use(catalog);
  } finally {
    await catalog.close();
  }
}

/** Today's way, as a reference: one builder over all stored ticks of the series, one catalog.write. */
async function writeReference(
  from: Catalog,
  dir: string,
  volume: TickVolume = 'size',
): Promise<{ bars: BarBatch; write: (c: Catalog) => ReturnType<Catalog['write']> }> {
  const builder = new TickBarBuilder('1m', 'mid', volume);
  builder.add(await from.ticks!.query(TICK_KEY));
  const bars = builder.bars();
  const source = tickBarsSource({ ...TICK_KEY, price: 'mid' }, volume);
  const write = (c: Catalog) => c.write(KEY, builder.bars(), 'merge', { source });
  const ref = await openCatalog(dir, { create: true });
  await ref.close();
  return { bars, write };
}

/** The 1m bar of a minute from its three edge ticks (mid price, summed mean size). */
function edgeBar(day: number, minute: 0 | 1439): string {
  const t = edgeTicks(day, minute);
  const mid = t.map(([, bid, ask]) => (Number(bid.toFixed(5)) + Number(ask.toFixed(5))) / 2);
  const vol = t.reduce((s, [, , , as, bs]) => s + (bs + as) / 2, 0);
  const ts = FIRST_DAY + day * DAY + minute * 60_000;
  return JSON.stringify([ts, mid[0], Math.max(...mid), Math.min(...mid), mid[2], vol, 3]);
}

function barAt(bars: string[], ts: number): string {
  const row = bars.map((b) => JSON.parse(b)).find((b) => Date.parse(b.ts) === ts || b.ts === ts);
  if (!row) return 'none';
  return JSON.stringify([ts, row.open, row.high, row.low, row.close, row.volume, row.trades]);
}

describe('bars from a big tick file are staged month by month as the ranges build them', () => {
  it('split in two ranges: the same bar files, manifest, counts, ticks and problems as one builder and one write', async () => {
    const ws = await tickWorkspace();
    const lines = quoteLines();
    const file = ws.file('EURUSD_Ticks_2024.01.10-2024.04.09.csv', lines);
    const plan = planTicks(file, lines.slice(0, 20).join('\n'), { ticks: 'keep' });
    if ('refusal' in plan) throw new Error(plan.refusal);
    // The cut falls mid-February: that month's partition is built half by each range.
    const cut = await dayCut(file, statSync(file).size, plan);
    expect(new Date(cut!.boundary / 1000).toISOString()).toBe('2024-02-25T00:00:00.000Z');

    const handed: { range: number; from: string; to: string; rows: number }[] = [];
    const splitsBefore = tickSplitStats.split;
    const atReadEnd: string[][] = [];
    const split = await importInto(path.join(ws.dir, 'split'), file, {
      split: true,
      reader: notingReader(handed, {
        catalog: path.join(ws.dir, 'split'),
        atReadEnd,
        file: '2024-03.parquet',
      }),
    });
    expect(tickSplitStats.split).toBe(splitsBefore + 1);
    // March was staged during the read: on disk while the later range's read was held open, before
    // the ranges ended (January and February 25-29, each range's first month, and the last months are held).
    expect(atReadEnd.at(-1)).toEqual(['2024-03.parquet']);
    // Each range hands over each month as soon as the next one starts: three hand-overs, the first
    // range's January and the second range's February 25-29 and March (the last months, April's and the
    // first range's February, come with the results).
    const secondStart = handed.find((h) => h.range > 0)!.range;
    // The two ranges run at once: their hand-overs interleave in any order.
    handed.sort((a, b) => a.range - b.range || a.from.localeCompare(b.from));
    expect(handed).toEqual([
      { range: 0, from: '2024-01-10T00:00:00.000Z', to: '2024-01-31T23:59:00.000Z', rows: 22 * 362 - 1 },
      { range: secondStart, from: '2024-02-25T00:00:00.000Z', to: '2024-02-29T23:59:00.000Z', rows: 5 * 362 },
      {
        range: secondStart,
        from: '2024-03-01T00:00:00.000Z',
        to: '2024-03-31T23:59:00.000Z',
        rows: 31 * 362,
      },
    ]);

    const whole = await importInto(path.join(ws.dir, 'whole'), file, { split: false });
    expect(tickSplitStats.split).toBe(splitsBefore + 1);
    expect(split).toEqual(whole);
    expect(split.status).toBe('imported');
    expect(split.ticks).toBe(DAYS * 366 - 2);
    expect(split.problems.map((p) => [p.line, p.rule])).toEqual([
      [1002, 'bad_number'],
      [DAYS * 366 - 998, 'bad_number'],
    ]);
    expect(split.barsWritten).toEqual({
      added: DAYS * 362 - 2,
      replaced: 0,
      removed: 0,
      skipped: 0,
      partitionsWritten: 4,
    });

    // Today's way: the same ticks through one builder, its bars in one catalog.write.
    const refDir = path.join(ws.dir, 'ref');
    const ref = await inCatalog(path.join(ws.dir, 'split'), (c) => writeReference(c, refDir));
    expect(await inCatalog(refDir, ref.write)).toEqual(split.barsWritten);
    const want = await stored(refDir);
    expect(Object.keys(want.files).sort()).toEqual(
      ['2024-01', '2024-02', '2024-03', '2024-04'].map(
        (m) => `bars/venue=DUKASCOPY/symbol=EURUSD/timeframe=1m/${m}.v1.parquet`,
      ),
    );
    expect(await stored(path.join(ws.dir, 'split'))).toEqual(want);
    expect(await stored(path.join(ws.dir, 'whole'))).toEqual(want);

    // Exact bars either side of the cut and of each month's end.
    const bars = want.bars;
    for (const [day, minute] of [
      [45, 1439], // 2024-02-24 23:59, the first range's last bar
      [46, 0], // 2024-02-25 00:00, the second range's first
      [21, 1439], // 2024-01-31 23:59
      [22, 0], // 2024-02-01 00:00
      [50, 1439], // 2024-02-29 23:59
      [51, 0], // 2024-03-01 00:00
      [81, 1439], // 2024-03-31 23:59
      [82, 0], // 2024-04-01 00:00
    ] as const)
      expect(barAt(bars, FIRST_DAY + day * DAY + minute * 60_000)).toBe(edgeBar(day, minute));

    // Again over the stored bars and ticks (merged per partition, the edge bars rebuilt from the stored ticks).
    const againSplit = await importInto(path.join(ws.dir, 'split'), file, { split: true, force: true });
    expect(againSplit.barsWritten).toEqual(await inCatalog(refDir, ref.write));
    expect(againSplit.barsWritten?.replaced).toBe(DAYS * 362 - 2);
    const wantAgain = await stored(refDir);
    const gotAgain = await stored(path.join(ws.dir, 'split'));
    expect(gotAgain).toEqual(wantAgain);
    expect(ref.bars.length).toBe(DAYS * 362 - 2);
  });

  it('barcat import --ticks both: every month is encoded in the encode workers, none on the importing thread', async () => {
    const ws = await tickWorkspace();
    const file = ws.file('EURUSD_Ticks_2024.01.10-2024.04.09.csv', quoteLines());
    const before = encodeStats.files;
    const r = await ws.cli([
      'import',
      file,
      ...['--ticks', 'both', '--price', 'mid', '--timeframe', '1m', '--on-error', 'skip'],
    ]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain(
      `DUKASCOPY:EURUSD:1m from mid (volume = summed size): ${DAYS * 362 - 2} bars added`,
    );
    // Four months: February and March staged during the read, January and April (held) at its end.
    expect(Object.keys(barFiles(ws.catalog)).sort()).toEqual(
      ['2024-01', '2024-02', '2024-03', '2024-04'].map(
        (m) => `bars/venue=DUKASCOPY/symbol=EURUSD/timeframe=1m/${m}.v1.parquet`,
      ),
    );
    // This thread (the CLI's, or Electron's main process) encoded no bar file.
    expect(encodeStats.files).toBe(before);
  });

  it('sizes missing: the tick count as volume, in the months staged during the read and in those held to the end', async () => {
    const ws = await tickWorkspace();
    const lines = withoutSizes(quoteLines());
    const file = ws.file('EURUSD_Ticks_2024.01.10-2024.04.09.csv', lines);
    const splitsBefore = tickSplitStats.split;
    const split = await importInto(path.join(ws.dir, 'split'), file, { split: true });
    expect(tickSplitStats.split).toBe(splitsBefore + 1);
    expect(split.volume).toBe('count');
    const refDir = path.join(ws.dir, 'ref');
    const ref = await inCatalog(path.join(ws.dir, 'split'), (c) => writeReference(c, refDir, 'count'));
    expect(await inCatalog(refDir, ref.write)).toEqual(split.barsWritten);
    const want = await stored(refDir);
    expect(await stored(path.join(ws.dir, 'split'))).toEqual(want);
    // March 1st's first minute (staged by the second range as April began): three ticks, volume 3.
    const march = JSON.parse(barAt(want.bars, Date.UTC(2024, 2, 1))) as number[];
    expect(march.slice(5)).toEqual([3, 3]);
  });

  it('reject: bad rows in both ranges, March staged as the ranges end, leave no bars, no ticks and no staging', async () => {
    const ws = await tickWorkspace();
    const lines = quoteLines();
    const file = ws.file('EURUSD_Ticks_2024.01.10-2024.04.09.csv', lines);
    const handed: { range: number; from: string; to: string; rows: number }[] = [];
    const atReadEnd: string[][] = [];
    const catalog = await openCatalog(ws.catalog);
    try {
      const r = await runTickImport(catalog, quotesWithBars([file], 'reject'), {
        splitBytes: 0,
        reader: notingReader(handed, { catalog: ws.catalog, atReadEnd }),
      });
      // The first range builds no more bars after its bad row (January's 12th); the second hands over
      // February 25-29 (held, its first month) and March, which waits for the first range's volume.
      expect(handed.map((h) => h.from)).toEqual(['2024-02-25T00:00:00.000Z', '2024-03-01T00:00:00.000Z']);
      expect(atReadEnd).toEqual([[], []]);
      expect(r.files.map((f) => [f.status, f.problems.map((p) => p.line)])).toEqual([
        ['rejected', [1002, DAYS * 366 - 998]],
      ]);
      await expectNothingLeft(catalog, ws.catalog);
    } finally {
      await catalog.close();
    }
  });

  it('cancelled mid-read after a month was staged: nothing written, no staging left', async () => {
    const ws = await tickWorkspace();
    const lines = quoteLines();
    const file = ws.file('EURUSD_Ticks_2024.01.10-2024.04.09.csv', lines);
    const ac = new AbortController();
    const handed: string[] = [];
    const inner = workerReader();
    const reader: FileReader = {
      ...inner,
      readTicks: (req, opts) =>
        inner.readTicks(req, {
          ...opts,
          onBars:
            opts.onBars &&
            ((bars, volume) => {
              handed.push(new Date(bars.ts[0]!).toISOString().slice(0, 7));
              opts.onBars!(bars, volume);
              // February (the first month not held) is being staged: cancel now.
              if (handed.length === 2) ac.abort();
            }),
        }),
    };
    const catalog = await openCatalog(ws.catalog);
    try {
      const r = await runTickImport(catalog, quotesWithBars([file], 'skip'), {
        splitBytes: Number.POSITIVE_INFINITY,
        reader,
        signal: ac.signal,
      });
      expect(handed.slice(0, 2)).toEqual(['2024-01', '2024-02']);
      await expectCancelledUnwritten(r, file, catalog, ws.catalog);
    } finally {
      await catalog.close();
    }
  });

  it.each([
    ['in one read', false],
    ['in two ranges', true],
  ] as const)(
    'a month that cannot be written stops the read %s: no ticks, no bars, no staging, the write error thrown',
    async (_how, split) => {
      const ws = await tickWorkspace();
      // 200 days (to July): six months handed over if the whole file were read.
      const lines = quoteLines(200);
      const file = ws.file('EURUSD_Ticks_2024.01.10-2024.07.27.csv', lines);
      const staging = path.join(ws.catalog, '.staging');
      const handed: string[] = [];
      const blocked: string[] = [];
      const readEnds: string[] = [];
      const signals: (AbortSignal | undefined)[] = [];
      const neverAborted: string[] = [];
      const inner = workerReader();
      const reader: FileReader = {
        ...inner,
        readTicks: (req, opts) => {
          const n = signals.push(opts.signal) - 1;
          // Each read's end is held until its signal is aborted: the months are encoded in a worker,
          // so the write failure may come after the read reached its end, and the abort must reach
          // every read still running then.
          const held = <T>(settle: () => T) =>
            untilAborted(opts.signal).then((aborted) => {
              if (!aborted) neverAborted.push(`read ${n} was never told to stop`);
              return settle();
            });
          return inner
            .readTicks(req, {
              ...opts,
              onBars:
                opts.onBars &&
                ((bars, volume) => {
                  handed.push(new Date(bars.ts[0]!).toISOString().slice(0, 7));
                  // A folder where each month's file goes makes the real write of the first month
                  // staged fail (February in one read: January, the file's first, is held).
                  if (handed.length === 1)
                    for (const area of readdirSync(staging))
                      for (let m = 1; m <= 7; m++) {
                        blocked.push(path.join(staging, area, `2024-0${m}.parquet`));
                        mkdirSync(blocked.at(-1)!);
                      }
                  opts.onBars!(bars, volume);
                }),
            })
            .then(
              (r) => {
                readEnds.push('whole range');
                return held(() => r);
              },
              (err: Error) => {
                readEnds.push(err.name);
                return held(() => {
                  throw err;
                });
              },
            );
        },
      };
      const catalog = await openCatalog(ws.catalog);
      try {
        const run = runTickImport(catalog, quotesWithBars([file], 'skip'), {
          splitBytes: split ? 0 : Number.POSITIVE_INFINITY,
          reader,
        });
        const err = await run.then(
          () => null,
          (e: Error) => e,
        );
        // The bars' area is one of the two (the ticks' is the other).
        expect(blocked.map((b) => `EEXIST: file already exists, open '${b}'`)).toContain(err?.message);
        // Every read was told to stop once the write failed (each was held open until then); that an
        // aborted read stops is the cancel test's above.
        expect(signals.length).toBe(split ? 2 : 1);
        expect(neverAborted).toEqual([]);
        // No read is left running.
        expect(readEnds).toHaveLength(signals.length);
        // The first month staged is the error's, whichever write failed first.
        if (!split) expect(err?.message).toMatch(/2024-02\.parquet'$/);
        await expectNothingLeft(catalog, ws.catalog);
      } finally {
        await catalog.close();
      }
      // No registry entry either: the same file imports afresh.
      const again = await importInto(ws.catalog, file, { split: false });
      expect([again.status, again.barsWritten?.added]).toEqual(['imported', 200 * 362 - 2]);
    },
  );

  it.each([
    ['rejected', 'reject'],
    ['cancelled', 'skip'],
  ] as const)(
    'a month whose write fails after the read ended is not hidden by a %s file: every write settled, the error said',
    async (how, onError) => {
      const ws = await tickWorkspace();
      const lines = quoteLines(200);
      // Under reject, only the late bad row: February to June are handed over before it.
      if (how === 'rejected') lines.splice(1001, 1);
      const file = ws.file('EURUSD_Ticks_2024.01.10-2024.07.27.csv', lines);
      const staging = path.join(ws.catalog, '.staging');
      const ac = new AbortController();
      const blocked: string[] = [];
      const inner = workerReader();
      // The months are handed over as the read ends, after a folder took each month's file: their
      // writes (in the encode worker) fail after the import has its read's result.
      const reader: FileReader = {
        ...inner,
        readTicks: async (req, opts) => {
          const handed: [BarBatch, TickVolume][] = [];
          const r = await inner.readTicks(req, {
            ...opts,
            onBars: opts.onBars && ((bars, volume) => handed.push([bars, volume])),
          });
          for (const area of readdirSync(staging))
            for (let m = 1; m <= 7; m++) {
              blocked.push(path.join(staging, area, `2024-0${m}.parquet`));
              mkdirSync(blocked.at(-1)!);
            }
          for (const [bars, volume] of handed) opts.onBars!(bars, volume);
          if (how === 'cancelled') ac.abort();
          return r;
        },
      };
      const catalog = await openCatalog(ws.catalog);
      try {
        const run = runTickImport(catalog, quotesWithBars([file], onError), {
          splitBytes: Number.POSITIVE_INFINITY,
          reader,
          signal: ac.signal,
        });
        if (how === 'rejected') {
          // Thrown, as the same failure is when the file is otherwise imported.
          const err = await run.then(
            () => null,
            (e: Error) => e,
          );
          expect(blocked.map((b) => `EEXIST: file already exists, open '${b}'`)).toContain(err?.message);
          expect(err?.message).toMatch(/2024-02\.parquet'$/);
        } else {
          const r = await run;
          expect(r.files.map((f) => [f.status, f.message.replace(/open '.*'$/, "open '…'")])).toEqual([
            [
              'cancelled',
              `${file}: import cancelled; nothing was written; staging its bars failed: EEXIST: file already exists, open '…'`,
            ],
          ]);
          expect(r.files[0]?.message).toMatch(/2024-02\.parquet'$/);
        }
        await expectNothingLeft(catalog, ws.catalog);
      } finally {
        await catalog.close();
      }
    },
  );

  it.each([
    ['15s', 'by day', ['2024-12-30T00:00:00.000Z', '2024-12-31T00:00:00.000Z']],
    ['1s', 'by day, a day past one chunk', ['2024-12-30T00:00:00.000Z', '2024-12-31T00:00:00.000Z']],
    ['1h', 'by year', ['2024-12-30T00:00:00.000Z']],
  ] as const)('the builder hands %s bars out %s, the same bars as kept whole', (tf, _how, firsts) => {
    // A tick every 0.75 s over three days across a year's end (1s bars: 86,400 a day, past TICK_BAR_CHUNK).
    const n = (3 * DAY) / 750;
    const rows = Array.from({ length: n }, (_, i): [number, number, number] => {
      const bid = 1.1 + (i % 97) / 100_000;
      return [us(2024, 12, 30) + i * 750_000, bid, bid + 0.0002];
    });
    const whole = new TickBarBuilder(tf, 'mid', 'count');
    whole.add(quotes(rows));
    const handed: BarBatch[] = [];
    const byPart = new TickBarBuilder(tf, 'mid', 'count', (b) => handed.push(b));
    // In two batches, the cut inside a bar.
    byPart.add(quotes(rows.slice(0, n / 2 + 1)));
    byPart.add(quotes(rows.slice(n / 2 + 1)));
    expect(handed.map((b) => new Date(b.ts[0]!).toISOString())).toEqual(firsts);
    expect([...handed, byPart.bars()].flatMap(batchToBars)).toEqual(batchToBars(whole.bars()));
    // batchToBars leaves NaN trades out: every batch must carry its trades column.
    for (const b of [whole.bars(), ...handed, byPart.bars()]) expect(b.trades?.length).toBe(b.ts.length);
  });
});

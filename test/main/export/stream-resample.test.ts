import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireCalendar } from '../../../src-main/engines/calendars/index';
import {
  arrowToBatch,
  batchFromBars,
  loadParquetLibs,
  openCatalog,
  sliceBatch,
} from '../../../src-main/engines/catalog/index';
import { exportSeries } from '../../../src-main/engines/export/index';
import { type ExportBars, textChunks } from '../../../src-main/engines/export/layouts';
import { encodeExportParquet } from '../../../src-main/engines/export/parquet';
import type { ExportRequest } from '../../../src-main/engines/export/run';
import { WallClock } from '../../../src-main/engines/export/wall-time';
import { type Resampled, readResampled } from '../../../src-main/engines/resample/index';
import { resampleChunks } from '../../../src-main/engines/resample/stream';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { run } from '../../helpers/session-bars';
import { cli } from '../catalog/cli-io';
import { fileTempDir } from '../catalog/helpers';

// Resampled exports read a month at a time (1m bars), so buckets cross the read windows' edge at
// 2024-02-01 00:00 UTC: an FX trading date (17:00 New York to 17:00, 22:00 UTC in winter), its 4h
// session buckets, and UTC hours with a gap over the border; a stock's week crosses 03-01. The
// streamed file must be byte for byte the one a whole read resampled at once gives.
const tmp = fileTempDir('barcat-exresample-');
const FX: SeriesKey = { venue: 'FX', symbol: 'EURUSD', timeframe: '1m' };
const STOCK: SeriesKey = { venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1m' };

beforeAll(async () => {
  const catalog = await openCatalog(tmp.catalogDir);
  // 01-30 21:00 .. 01-31 23:09 UTC, then nothing until 02-01 01:20 (the gap spans the month border), on to 22:59.
  const fx = [
    ...run(Date.UTC(2024, 0, 30, 21), 1570, 1000),
    ...run(Date.UTC(2024, 1, 1, 1, 20), 1300, 20000),
  ];
  await catalog.write(FX, batchFromBars(fx), 'merge');
  // Thursday 02-29 and Friday 03-01, 09:30-16:00 New York (14:30-21:00 UTC).
  const stock = [
    ...run(Date.UTC(2024, 1, 29, 14, 30), 390, 100),
    ...run(Date.UTC(2024, 2, 1, 14, 30), 390, 500),
  ];
  await catalog.write(STOCK, batchFromBars(stock), 'merge');
  await catalog.close();
});

type Resample = NonNullable<ExportRequest['resample']>;
const rs = (timeframe: Timeframe, align: 'utc' | 'session', more: Partial<Resample> = {}): Resample => ({
  timeframe,
  align,
  fill: false,
  completeOnly: false,
  ...more,
});

/** The unstreamed result: the whole range read at once, resampled at once, then encoded. */
async function wholeFile(key: SeriesKey, req: ExportRequest): Promise<Buffer> {
  const catalog = await openCatalog(tmp.catalogDir);
  await loadParquetLibs();
  const r = await readResampled(catalog, key, req.range, {}, req.resample!);
  await catalog.close();
  const data: ExportBars = {
    bars: r.bars,
    timeframe: req.resample!.timeframe,
    complete: r.complete,
    filled: r.filled,
  };
  if (req.format === 'parquet') {
    const series = seriesId({ ...key, timeframe: data.timeframe });
    return Buffer.from(encodeExportParquet(data, { series }));
  }
  return Buffer.from([...textChunks(req.format, data, new WallClock(req.tz ?? 'UTC'))].join(''));
}

const cases: [string, SeriesKey, Resample, ExportRequest['format'], string?][] = [
  ['FX 1d by session, parquet', FX, rs('1d', 'session'), 'parquet'],
  ['FX 1d by session, csv', FX, rs('1d', 'session'), 'csv'],
  ['FX 4h by session (22:00-02:00 crosses the border), csv', FX, rs('4h', 'session'), 'csv'],
  ['FX 1h utc, forward-filled over the gap, parquet', FX, rs('1h', 'utc', { fill: true }), 'parquet'],
  ['FX 1h utc, forward-filled over the gap, csv', FX, rs('1h', 'utc', { fill: true }), 'csv'],
  [
    'FX 1h utc, complete only, metatrader in Athens time',
    FX,
    rs('1h', 'utc', { completeOnly: true }),
    'metatrader',
    'Europe/Athens',
  ],
  ['stock 1w by session (02-29 and 03-01), parquet', STOCK, rs('1w', 'session'), 'parquet'],
  ['stock 1w utc, csv', STOCK, rs('1w', 'utc'), 'csv'],
  ['stock 1d by session, amibroker', STOCK, rs('1d', 'session'), 'amibroker'],
];

describe('resampled exports stream: buckets across a read window edge', () => {
  it.each(cases)(
    '%s: byte for byte the unstreamed file, same counts',
    async (name, key, resample, format, tz) => {
      const out = path.join(tmp.dir, `${name.replace(/\W+/g, '-')}.${format}`);
      const req: ExportRequest = { series: [key], resample, format, tz, out };
      const catalog = await openCatalog(tmp.catalogDir);
      const [r] = await exportSeries(catalog, req, tmp.dir);
      const whole = await readResampled(catalog, key, undefined, {}, resample);
      await catalog.close();
      expect(r!.bars).toBe(whole.bars.length);
      expect([r!.outsideBuckets, r!.droppedIncomplete, r!.filledBars]).toEqual([
        whole.outsideBuckets,
        whole.droppedIncomplete,
        whole.filledBars,
      ]);
      expect(readFileSync(out).equals(await wholeFile(key, req))).toBe(true);
    },
  );

  it('the filled hour sits on the border: counted once, after the 23:00 hour carried into the next window', async () => {
    const catalog = await openCatalog(tmp.catalogDir);
    const [r] = await exportSeries(
      catalog,
      {
        series: [FX],
        resample: rs('1h', 'utc', { fill: true }),
        format: 'csv',
        out: path.join(tmp.dir, 'fill.csv'),
      },
      tmp.dir,
    );
    await catalog.close();
    expect(r!.filledBars).toBe(1);
    const lines = readFileSync(path.join(tmp.dir, 'fill.csv'), 'utf8').split('\n');
    expect(lines.filter((l) => l.startsWith('2024-01-31T23') || l.startsWith('2024-02-01T0'))).toEqual([
      '2024-01-31T23:00:00.000Z,2560,2569.5,2559.5,2569.25,10,false,false',
      '2024-02-01T00:00:00.000Z,2569.25,2569.25,2569.25,2569.25,0,false,true',
      '2024-02-01T01:00:00.000Z,20000,20039.5,19999.5,20039.25,40,false,false',
      '2024-02-01T02:00:00.000Z,20040,20099.5,20039.5,20099.25,60,true,false',
      '2024-02-01T03:00:00.000Z,20100,20159.5,20099.5,20159.25,60,true,false',
      '2024-02-01T04:00:00.000Z,20160,20219.5,20159.5,20219.25,60,true,false',
      '2024-02-01T05:00:00.000Z,20220,20279.5,20219.5,20279.25,60,true,false',
      '2024-02-01T06:00:00.000Z,20280,20339.5,20279.5,20339.25,60,true,false',
      '2024-02-01T07:00:00.000Z,20340,20399.5,20339.5,20399.25,60,true,false',
      '2024-02-01T08:00:00.000Z,20400,20459.5,20399.5,20459.25,60,true,false',
      '2024-02-01T09:00:00.000Z,20460,20519.5,20459.5,20519.25,60,true,false',
    ]);
  });

  it('barcat export --align session: FX trading dates close at 22:00 UTC (17:00 New York), 02-01 spans the border', async () => {
    const out = path.join(tmp.dir, 'fx-1d.csv');
    const r = await cli([
      'export',
      'FX:EURUSD:1m',
      '--timeframe',
      '1d',
      '--align',
      'session',
      '--format',
      'csv',
      '--out',
      out,
      '--catalog',
      tmp.catalogDir,
    ]);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(
      [
        'ts,open,high,low,close,volume,complete',
        // 01-29 22:00 .. 01-30 22:00 UTC: the bars from 21:00 only.
        '2024-01-30T00:00:00.000Z,1000,1059.5,999.5,1059.25,60,false',
        '2024-01-31T00:00:00.000Z,1060,2499.5,1059.5,2499.25,1440,true',
        // 01-31 22:00 .. 02-01 22:00: 70 bars before the gap, 1240 after it.
        '2024-02-01T00:00:00.000Z,2500,21239.5,2499.5,21239.25,1310,false',
        '2024-02-02T00:00:00.000Z,21240,21299.5,21239.5,21299.25,60,false',
        '',
      ].join('\n'),
    );
  });

  it.each([
    rs('1h', 'utc', { fill: true }),
    rs('4h', 'session', { fill: true }),
    rs('1d', 'session', { completeOnly: true }),
  ])(
    'resampleChunks to $timeframe $align: chunks cut anywhere (inside a bucket, after a gap, empty) give the one-batch result',
    async (resample) => {
      const catalog = await openCatalog(tmp.catalogDir);
      const calendar = requireCalendar('fx', tmp.catalogDir);
      const all = await readResampled(catalog, FX, undefined, {}, resample);
      const src = arrowToBatch(await catalog.query(FX, undefined));
      await catalog.close();
      // 1570 is the first bar after the gap: the chunk before it ends with the empty 00:00 hour before its last bar.
      const edges = [0, 100, 100, 1571, 1572, src.length];
      async function* cuts() {
        for (let i = 1; i < edges.length; i++) yield sliceBatch(src, edges[i - 1]!, edges[i]!);
      }
      const pieces: Resampled[] = [];
      for await (const p of resampleChunks(cuts(), '1m', resample.timeframe, { ...resample, calendar }))
        pieces.push(p);
      const joined = (f: (p: Resampled) => Iterable<number> | undefined) =>
        pieces.flatMap((p) => [...(f(p) ?? [])]);
      for (const c of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const)
        expect(joined((p) => p.bars[c])).toEqual([...all.bars[c]]);
      expect(joined((p) => p.complete)).toEqual([...all.complete]);
      expect(joined((p) => p.filled)).toEqual([...(all.filled ?? [])]);
      const sum = (k: 'outsideBuckets' | 'droppedIncomplete' | 'filledBars') =>
        pieces.reduce((n, p) => n + p[k], 0);
      expect([sum('outsideBuckets'), sum('droppedIncomplete'), sum('filledBars')]).toEqual([
        all.outsideBuckets,
        all.droppedIncomplete,
        all.filledBars,
      ]);
    },
  );
});

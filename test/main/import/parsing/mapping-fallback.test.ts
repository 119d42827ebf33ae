import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import { previewImport, runImport } from '../../../../src-main/engines/import/index';
import { barcat } from '../../../hardening/import-cli';
import { tempDirEach } from '../../catalog/helpers';

// Issue 11 symptom 14: when almost every sampled row fails under the detected mapping, the other
// plausible mappings are tried at detection time, so the preview shows the one the import uses.

const tmp = tempDirEach('barcat-fallback-');
beforeEach(async () => {
  // The CLI imports into an existing catalog.
  await (await openCatalog(path.join(tmp(), 'cat'))).close();
});

function write(name: string, lines: string[]): string {
  const file = path.join(tmp(), name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Six 1m bars from 2024-01-02 09:30 UTC, as the preview stores them. */
const BARS = Array.from({ length: 6 }, (_, i) => ({
  ts: Date.UTC(2024, 0, 2, 9, 30 + i),
  open: 100 + i,
  high: 101 + i,
  low: 99 + i,
  close: 100.5 + i,
  volume: 10 + i,
}));
const pad = (n: number) => String(n).padStart(2, '0');

describe('mapping fallback', () => {
  it('a header whose price names are in another order than its rows: the reordered prices are used', async () => {
    // The rows carry high, open, low, close under a header naming open, high, low, close.
    const file = write('EURUSD_1m.csv', [
      'date,time,open,high,low,close,volume',
      ...BARS.map((b, i) => `2024-01-02,09:${30 + i},${b.high},${b.open},${b.low},${b.close},${b.volume}`),
    ]);
    const pv = await previewImport(file);
    expect(pv.ok).toBe(true);
    expect(pv.mapping).toEqual({ date: 0, time: 1, open: 3, high: 2, low: 4, close: 5, volume: 6 });
    expect(pv.mappingFallback).toEqual({
      tried: [
        {
          kind: 'detected',
          mapping: { date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 },
          validRows: 0,
        },
        {
          kind: 'shifted_right',
          mapping: { date: 1, time: 2, open: 3, high: 4, low: 5, close: 6, volume: 7 },
          validRows: 0,
        },
        {
          kind: 'prices_reordered',
          mapping: { date: 0, time: 1, open: 3, high: 2, low: 4, close: 5, volume: 6 },
          validRows: 6,
        },
      ],
      chosen: 'prices_reordered',
      validRows: 6,
      of: 6,
    });
    expect(pv.confidence).toBe(1);
    expect(pv.rows).toEqual(BARS);
    expect(pv.issues).toEqual([]);
    // The plan the preview pins carries the chosen mapping: a run with it detects nothing again.
    expect(pv.plan.mapping).toEqual(pv.mapping);
    const pinned = await openCatalog(path.join(tmp(), 'pinned'));
    try {
      const r = await runImport(pinned, { paths: [file], overrides: pv.plan });
      expect(r.files.map((f) => [f.status, f.rowsWritten, f.rowsInvalid])).toEqual([['imported', 6, 0]]);
    } finally {
      await pinned.close();
    }

    const dry = await barcat(['import', file, '--dry-run', '--catalog', path.join(tmp(), 'cat')], tmp());
    expect(dry.stdout.split('\n')[3]).toBe(
      '  fallback  only 0 of 6 sampled rows pass the bar rules under the detected mapping; using the price columns reordered, under which 6 of 6 pass (also tried every column shifted right by one (a leading column the header lacks): 0 of 6)',
    );
    expect(dry.stdout.split('\n')[2]).toBe(
      '  mapping   date=date time=time open=high high=open low=low close=close volume=volume (confidence 1)',
    );

    // The import uses the plan the preview showed: the same bars are stored.
    const cat = path.join(tmp(), 'cat');
    const run = await barcat(['import', file, '--json', '--catalog', cat], tmp());
    expect(run.code).toBe(0);
    const q = await barcat(['query', 'CSV:EURUSD:1m', '--format', 'json', '--catalog', cat], tmp());
    expect(JSON.parse(q.stdout)).toEqual(BARS.map((b) => ({ ...b, ts: new Date(b.ts).toISOString() })));
  });

  it.each([
    // A date read without its time repeats: one distinct time passes.
    ['20240102', (m: number) => `09${pad(m)}00`, [0, 0, 6, 1]],
    ['2024.01.02', (m: number) => `09:${pad(m)}`, [0, 0, 6, 0]],
    ['01/02/2024', (m: number) => `09:${pad(m)}:00`, [0, 1, 6, 0]],
  ])(
    'a date and a time in separate columns under a header naming one timestamp (%s): read by position',
    async (date, time, valid) => {
      const file = write('EURUSD_1m.csv', [
        'datetime,open,high,low,close,volume,trades',
        ...BARS.map((b, i) => `${date},${time(30 + i)},${b.open},${b.high},${b.low},${b.close},${b.volume}`),
      ]);
      const pv = await previewImport(file);
      expect(pv.ok).toBe(true);
      expect(pv.mapping).toEqual({ date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 });
      expect(pv.mappingFallback?.chosen).toBe('by_position');
      expect(pv.mappingFallback?.validRows).toBe(6);
      expect(pv.mappingFallback?.of).toBe(6);
      expect(pv.mappingFallback?.tried.map((t) => [t.kind, t.validRows])).toEqual([
        ['detected', valid[0]],
        ['shifted_right', valid[1]],
        ['by_position', valid[2]],
        ['prices_reordered', valid[3]],
      ]);
      expect(pv.rows).toEqual(BARS);
    },
  );

  it('rows with a leading index column the header lacks: every column shifted right by one', async () => {
    const file = write('EURUSD_1m.csv', [
      'date,open,high,low,close,volume',
      ...BARS.map(
        (b, i) => `${i},2024-01-02 09:${30 + i},${b.open},${b.high},${b.low},${b.close},${b.volume}`,
      ),
    ]);
    const pv = await previewImport(file);
    expect(pv.ok).toBe(true);
    expect(pv.mapping).toEqual({ ts: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 });
    expect(pv.mappingFallback?.chosen).toBe('shifted_right');
    expect(pv.mappingFallback?.tried.map((t) => [t.kind, t.validRows])).toEqual([
      ['detected', 0],
      ['shifted_right', 6],
      ['prices_reordered', 0],
    ]);
    expect(pv.rows).toEqual(BARS);
  });

  it('no mapping passes: the detected one stays, and the rejection names each mapping tried', async () => {
    const file = write('EURUSD_1m.csv', [
      'date,open,high,low,close,volume',
      ...BARS.map((b) => `someday,${b.open},${b.high},${b.low},${b.close},${b.volume}`),
    ]);
    const pv = await previewImport(file);
    expect(pv.ok).toBe(true);
    expect(pv.mapping).toEqual({ ts: 0, open: 1, high: 2, low: 3, close: 4, volume: 5 });
    expect(pv.mappingFallback?.chosen).toBe(null);
    expect(pv.mappingFallback?.tried.map((t) => [t.kind, t.validRows])).toEqual([
      ['detected', 0],
      ['shifted_right', 0],
      ['prices_reordered', 0],
    ]);
    const cat = path.join(tmp(), 'cat');
    const dry = await barcat(['import', file, '--dry-run', '--catalog', cat], tmp());
    expect(dry.stdout.split('\n')[3]).toBe(
      '  fallback  only 0 of 6 sampled rows pass the bar rules under the detected mapping; no other mapping passes either (tried every column shifted right by one (a leading column the header lacks): 0 of 6; the price columns reordered: 0 of 6)',
    );
    const catalog = await openCatalog(cat);
    const run = await runImport(catalog, { paths: [file] }).finally(() => catalog.close());
    expect(run.files[0]?.status).toBe('rejected');
    expect(run.files[0]?.message).toBe(
      `EURUSD_1m.csv was rejected: 6 problem(s) in 6 row(s); first: ${file} line 2, column date: the time cannot be read as a date and time (value "someday"); fix the value or pass --on-error skip to leave the row out. Nothing was written. No other column mapping passes either (tried on the first 6 rows: the detected mapping: 0 of 6; every column shifted right by one (a leading column the header lacks): 0 of 6; the price columns reordered: 0 of 6); check the header and the column order, or pass a mapping or --preset.`,
    );
  });

  it('most rows bad under --on-error skip and no better mapping: the good rows are kept', async () => {
    const rows = BARS.map((b, i) => {
      const t = new Date(b.ts).toISOString();
      return i < 4
        ? `${t},${b.open},x,${b.low},${b.close},${b.volume}`
        : `${t},${b.open},${b.high},${b.low},${b.close},${b.volume}`;
    });
    const file = write('EURUSD_1m.csv', ['timestamp,open,high,low,close,volume', ...rows]);
    const catalog = await openCatalog(path.join(tmp(), 'cat'));
    try {
      const run = await runImport(catalog, { paths: [file], onError: 'skip' });
      expect(run.files.map((f) => [f.status, f.rowsWritten, f.rowsInvalid])).toEqual([['imported', 2, 4]]);
    } finally {
      await catalog.close();
    }
  });

  it('a mapping the user gave is used as given, whatever the rows say', async () => {
    const file = write('EURUSD_1m.csv', [
      'date,time,open,high,low,close,volume',
      ...BARS.map((b, i) => `2024-01-02,09:${30 + i},${b.high},${b.open},${b.low},${b.close},${b.volume}`),
    ]);
    const mapping = { date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 };
    const pv = await previewImport(file, { mapping });
    expect(pv.mapping).toEqual(mapping);
    expect(pv.mappingFallback).toBe(null);
    expect(pv.rows).toEqual([]);
    expect(pv.issues.map((i) => [i.line, i.rule])).toEqual(
      [2, 3, 4, 5, 6, 7].map((l) => [l, 'high_below_max']),
    );
  });
});

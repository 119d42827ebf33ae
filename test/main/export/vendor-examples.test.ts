import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { runImport } from '../../../src-main/engines/import/index';
import type { PresetName } from '../../../src-shared/domain/import';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { cli } from '../catalog/cli-io';
import { fileTempDir } from '../catalog/helpers';

// Each vendor layout checked against a file that vendor's software wrote (../shared/testdata/real,
// see its SOURCES.md): the real file is imported, exported again in that vendor's format, and the
// export must have the real file's line ending, header and time text on every row, and its values.
// Values are compared as numbers: Barcat writes the shortest text of a double (126.3, not 126.30),
// which every importer reads alike. TradingView's file ends without a newline; that is not checked
// (no reader cares). No real AmiBroker or MetaTrader 5 file is at hand: AmiBroker's layout follows
// its documented ASCII format definition (docs/export.md), and MetaTrader 5 is not an export format.
const REAL = path.resolve(__dirname, '../../../../shared/testdata/real');
const tmp = fileTempDir('barcat-vendor-');

interface Example {
  format: 'metatrader' | 'ninjatrader' | 'tradingview';
  file: string;
  preset: PresetName;
  timeframe: Timeframe;
  /** The zone the real file's times are in: the export writes its wall-clock times there. */
  tz: string;
  delimiter: string;
  /** Fields of a row that hold its time (a date and a time field, or one). */
  timeFields: number;
  rows: number;
}

const EXAMPLES: Example[] = [
  {
    format: 'metatrader',
    file: 'metatrader4/EURUSD60.csv',
    preset: 'metatrader4',
    timeframe: '1h',
    tz: 'UTC',
    delimiter: ',',
    timeFields: 2,
    rows: 2078,
  },
  {
    format: 'ninjatrader',
    file: 'ninjatrader/nt-spy-minute-2011.csv',
    preset: 'ninjatrader',
    timeframe: '1m',
    tz: 'UTC',
    delimiter: ';',
    timeFields: 1,
    rows: 14180,
  },
  {
    format: 'tradingview',
    file: 'tradingview/BINANCE_BTCUSDT, 60.csv',
    preset: 'tradingview',
    timeframe: '1h',
    tz: 'Asia/Tokyo',
    delimiter: ',',
    timeFields: 1,
    rows: 1902,
  },
];

const eol = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');
const linesOf = (text: string) => text.split(/\r?\n/).filter((l) => l !== '');

describe('vendor formats match a file written by the vendor', () => {
  let n = 0;
  it.each(EXAMPLES)('$format: line ending, header and every row of $file', async (ex) => {
    const symbol = `V${++n}`;
    const source = path.join(REAL, ex.file);
    const catalog = await openCatalog(tmp.catalogDir);
    try {
      const summary = await runImport(
        catalog,
        { paths: [source], overrides: { preset: ex.preset, venue: 'REAL', symbol, timeframe: ex.timeframe } },
        { workers: false },
      );
      expect(summary.files.map((f) => [f.status, f.rowsWritten])).toEqual([['imported', ex.rows]]);
    } finally {
      await catalog.close();
    }
    const out = path.join(tmp.dir, `${symbol}.out`);
    const r = await cli([
      'export',
      `REAL:${symbol}:${ex.timeframe}`,
      '--format',
      ex.format,
      '--tz',
      ex.tz,
      '--out',
      out,
      '--catalog',
      tmp.catalogDir,
    ]);
    expect(r.stderr).toBe('');
    const real = readFileSync(source, 'utf8');
    const ours = readFileSync(out, 'utf8');
    expect(eol(ours)).toBe(eol(real));
    const [realLines, ourLines] = [linesOf(real), linesOf(ours)];
    // The real file's header, cut to the columns the layout writes (TradingView adds indicator columns).
    const headed = ex.format === 'tradingview';
    const realHead = headed ? realLines.shift()!.split(ex.delimiter) : [];
    const ourHead = headed ? ourLines.shift()!.split(ex.delimiter) : [];
    const columns = ourHead.map((c) => realHead.indexOf(c));
    expect(columns.includes(-1)).toBe(false);
    expect(ourLines.length).toBe(ex.rows);
    expect(realLines.length).toBe(ex.rows);
    for (let i = 0; i < ex.rows; i++) {
      const want = realLines[i]!.split(ex.delimiter);
      const got = ourLines[i]!.split(ex.delimiter);
      const picked = headed ? columns.map((c) => want[c]!) : want;
      expect(got.slice(0, ex.timeFields), `row ${i + 1}`).toEqual(picked.slice(0, ex.timeFields));
      expect(got.slice(ex.timeFields).map(Number), `row ${i + 1}`).toEqual(
        picked.slice(ex.timeFields).map(Number),
      );
    }
  });
});

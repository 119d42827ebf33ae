import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { arrowToBatch } from '../../../src-main/engines/catalog/index';
import { batchToBars } from '../../../src-main/engines/catalog/parquet/arrow';
import type { Catalog } from '../../../src-main/engines/catalog/types';
import { previewImport, runImport } from '../../../src-main/engines/import/index';
import { streamStats } from '../../../src-main/engines/import/session/pipeline';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { importCatalogEach } from '../../main/import/helpers';
import { barcat } from '../import-cli';

// Issue 12 items 6, 8, 10 and 14: rows are never cut, shifted or rolled over silently, long lines
// and odd encodings are read or named, and the messages say what the file really is.

let dir: string;
let catalog: Catalog;
importCatalogEach((c) => ({ dir, catalog } = c), 'barcat-hard-');

const HEADER = 'timestamp,open,high,low,close,volume';
const key = (symbol: string, timeframe: '1h' | '1d' = '1h'): SeriesKey => ({
  venue: 'CSV',
  symbol,
  timeframe,
});

/** `n` hourly rows from 2024-01-01 00:00 UTC (open 10+i, high 11+i, low 9+i, close 10.5+i, volume 100+i). */
function hourRows(n: number, from = 0): string[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return `${new Date(Date.UTC(2024, 0, 1, i)).toISOString()},${10 + i},${11 + i},${9 + i},${10.5 + i},${100 + i}`;
  });
}

function expectedBars(n: number, from = 0) {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return {
      ts: Date.UTC(2024, 0, 1, i),
      open: 10 + i,
      high: 11 + i,
      low: 9 + i,
      close: 10.5 + i,
      volume: 100 + i,
    };
  });
}

async function stored(k: SeriesKey) {
  return batchToBars(arrowToBatch(await catalog.query(k, { from: -8.64e15, to: 8.64e15 })));
}

function write(name: string, body: string | Buffer): string {
  const f = path.join(dir, name);
  writeFileSync(f, body);
  return f;
}

describe('12.6 rows with more fields than the header', () => {
  it('are problems naming line, column and field count, never cut to fit', async () => {
    const rows = hourRows(4);
    rows[1] = `${new Date(Date.UTC(2024, 0, 1, 1)).toISOString()},11,12,10,11.5,1,234`;
    const f = write('AAA_1h.csv', `${[HEADER, ...rows].join('\n')}\n`);
    const rejected = await runImport(catalog, { paths: [f] });
    expect(rejected.files[0]?.status).toBe('rejected');
    expect(rejected.files[0]?.problems).toEqual([
      {
        file: f,
        line: 3,
        column: '#7',
        value: '234',
        rule: 'extra_fields',
        severity: 'error',
        message: `${f} line 3, column #7: the row has 7 fields but the header has 6; an unquoted thousands separator (1,234) or a stray delimiter shifts the values (value "234"); quote the value or remove the stray delimiter, or pass --on-error skip to leave the row out`,
      },
    ]);
    expect(rejected.rowsWritten).toBe(0);
    const skipped = await runImport(catalog, { paths: [f], onError: 'skip' });
    expect(skipped.files[0]).toMatchObject({
      status: 'imported',
      rowsRead: 4,
      rowsWritten: 3,
      rowsInvalid: 1,
    });
    expect(await stored(key('AAA'))).toEqual([...expectedBars(1), ...expectedBars(2, 2)]);
  });

  it('allows trailing empty fields (nothing shifts)', async () => {
    const f = write('TRL_1h.csv', `${[HEADER, ...hourRows(3).map((r) => `${r},`)].join('\n')}\n`);
    const r = await runImport(catalog, { paths: [f] });
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsWritten: 3, problems: [] });
  });
});

describe('12.8 calendar dates that do not exist', () => {
  it('are refused with file, line, column and value, never rolled over onto the next day', async () => {
    const f = write(
      'FEB_1d.csv',
      'Date,Open,High,Low,Close,Volume\n2024-02-28,1,2,0.5,1.5,10\n2024-02-29,1,2,0.5,1.5,11\n2024-02-30,7,8,6,7.5,99\n2024-03-01,1,2,0.5,1.5,12\n',
    );
    const r = await runImport(catalog, { paths: [f] });
    expect(r.files[0]?.status).toBe('rejected');
    expect(r.files[0]?.problems.map((p) => p.message)).toEqual([
      `${f} line 4, column Date: the date does not exist: February 2024 has 29 days (value "2024-02-30"); fix the date or pass --on-error skip to leave the row out`,
    ]);
    await runImport(catalog, { paths: [f], onError: 'skip' });
    expect((await stored(key('FEB', '1d'))).map((b) => [new Date(b.ts).toISOString(), b.open])).toEqual([
      ['2024-02-28T00:00:00.000Z', 1],
      ['2024-02-29T00:00:00.000Z', 1],
      ['2024-03-01T00:00:00.000Z', 1],
    ]);
  });

  it('names the month for day-first dates too', async () => {
    const f = write(
      'DMY_1d.csv',
      'Date,Open,High,Low,Close\n28.02.2023,1,2,0.5,1.5\n29.02.2023,1,2,0.5,1.5\n',
    );
    const pv = await previewImport(f);
    expect(pv.issues[0]?.message).toBe(
      `${f} line 3, column Date: the date does not exist: February 2023 has 28 days (value "29.02.2023"); fix the date or pass --on-error skip to leave the row out`,
    );
  });
});

describe('12.10 long lines and CR-only line endings', () => {
  it('reports a 20 MiB single line as too long and reads the rows after it', async () => {
    const long = 'x'.repeat(20 * 2 ** 20);
    const f = write('LNG_1h.csv', `${[HEADER, long, ...hourRows(3)].join('\n')}\n`);
    const r = await runImport(catalog, { paths: [f], onError: 'skip' });
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsRead: 4, rowsWritten: 3, rowsInvalid: 1 });
    expect(r.files[0]?.problems.map((p) => p.message)).toEqual([
      `${f} line 2: the line is longer than 1 MiB; it was left out unread; add the missing line breaks, or pass --on-error skip to leave the line out`,
    ]);
    expect(await stored(key('LNG'))).toEqual(expectedBars(3));
  });

  it('takes the cap from the request', async () => {
    const f = write(
      'CAP_1h.csv',
      `${[HEADER, ...hourRows(2), `${'9'.repeat(5000)}`, ...hourRows(1, 2)].join('\n')}\n`,
    );
    const pv = await previewImport(f, { maxLineBytes: 4096 });
    expect(pv.issues.map((p) => p.message)).toEqual([
      `${f} line 4: the line is longer than 4 KiB; it was left out unread; add the missing line breaks, or pass --on-error skip to leave the line out`,
    ]);
    const cli = await barcat(
      ['import', f, '--max-line-bytes', '4096', '--create', '--catalog', path.join(dir, 'c2')],
      dir,
    );
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain(`${f} line 4: the line is longer than 4 KiB; it was left out unread`);
  });

  it('imports a file with CR-only line endings to its exact bars', async () => {
    const f = write('CRO_1h.csv', `${[HEADER, ...hourRows(30)].join('\r')}\r`);
    const r = await runImport(catalog, { paths: [f] });
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsRead: 30, rowsWritten: 30, problems: [] });
    expect(await stored(key('CRO'))).toEqual(expectedBars(30));
  });
});

describe('12.14 what a file really is', () => {
  it('says a 20,000-column header holds no rows, and reads one that has rows', async () => {
    const names = Array.from({ length: 20_000 }, (_, i) => `c${i}`);
    const bare = write('WIDE_1h.csv', `${names.join(',')}\n`);
    const pv = await previewImport(bare);
    expect(pv.reason).toBe('the file holds only a header line (20000 columns) and no data rows');
    const wide = [...HEADER.split(','), ...names.slice(6)];
    const pad = ','.repeat(wide.length - 6);
    const f = write('WID_1h.csv', `${[wide.join(','), ...hourRows(3).map((r) => r + pad)].join('\n')}\n`);
    const r = await runImport(catalog, { paths: [f] });
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsWritten: 3 });
    expect(await stored(key('WID'))).toEqual(expectedBars(3));
  });

  it('says a file without line breaks has a first line too long for CSV', async () => {
    const f = write('ONE_1h.csv', '1,'.repeat(2 ** 20));
    expect((await previewImport(f)).reason).toBe(
      'line 1 is longer than 1 MiB, too long for a CSV header or row (are its line breaks missing?)',
    );
  });

  it('reads the rows after a first data row longer than 64 KiB', async () => {
    const rows = hourRows(4).map((r, i) => `${r},${i === 0 ? 'n'.repeat(100_000) : 'short'}`);
    const f = write('BIG_1h.csv', `${[`${HEADER},note`, ...rows].join('\n')}\n`);
    const r = await runImport(catalog, { paths: [f] });
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsRead: 4, rowsWritten: 4 });
    expect(await stored(key('BIG'))).toEqual(expectedBars(4));
  });

  it('decodes UTF-16 LE (with its BOM) and BE (without one)', async () => {
    const text = `${[HEADER, ...hourRows(5)].join('\r\n')}\r\n`;
    const le = write('ULE_1h.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const be = write('UBE_1h.csv', Buffer.from(text, 'utf16le').swap16());
    const r = await runImport(catalog, { paths: [le, be] });
    expect(r.files.map((x) => [x.status, x.rowsWritten])).toEqual([
      ['imported', 5],
      ['imported', 5],
    ]);
    expect(await stored(key('ULE'))).toEqual(expectedBars(5));
    expect(await stored(key('UBE'))).toEqual(expectedBars(5));
  });

  it('names the line where an unclosed quote opened', async () => {
    const rows = hourRows(5);
    rows[1] = rows[1]?.replace(',11,', ',"11,') ?? '';
    const f = write('QUO_1h.csv', `${[HEADER, ...rows].join('\n')}\n`);
    const pv = await previewImport(f);
    expect(pv.issues[0]).toMatchObject({
      line: 3,
      column: 'open',
      rule: 'unclosed_quote',
      message: `${f} line 3, column open: a quote opens in this field and is never closed; this line and the 3 after it were read as one value and left out (value ""11,12,10,11.5,101"); close or remove the quote, or pass --on-error skip to leave those lines out`,
    });
  });

  it('notes rows that mix UTC offsets, naming the first line of each', async () => {
    const f = write(
      'OFF_1h.csv',
      `${HEADER}\n2024-01-01T00:00:00Z,1,2,0.5,1.5,1\n2024-01-01T06:00:00+05:00,1,2,0.5,1.5,1\n2024-01-01T02:00:00Z,1,2,0.5,1.5,1\n2024-01-01T08:00:00+05:00,1,2,0.5,1.5,1\n`,
    );
    const r = await runImport(catalog, { paths: [f] });
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsWritten: 4 });
    expect(r.files[0]?.problems).toContainEqual({
      file: f,
      line: null,
      column: null,
      value: null,
      rule: 'mixed_offsets',
      severity: 'note',
      message: `${f}: rows carry different UTC offsets (Z from line 2, +05:00 from line 3); each row was converted to UTC with its own`,
    });
    expect((await stored(key('OFF'))).map((b) => new Date(b.ts).toISOString())).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T01:00:00.000Z',
      '2024-01-01T02:00:00.000Z',
      '2024-01-01T03:00:00.000Z',
    ]);
  });

  it("does not note one zone's standard and daylight offsets an hour apart", async () => {
    const f = write(
      'DST_1h.csv',
      `${HEADER}\n2024-03-10T00:00:00-05:00,1,2,0.5,1.5,1\n2024-03-10T01:00:00-05:00,1,2,0.5,1.5,1\n2024-03-10T03:00:00-04:00,1,2,0.5,1.5,1\n`,
    );
    const r = await runImport(catalog, { paths: [f] });
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsWritten: 3, problems: [] });
  });

  it('notes mixed offsets once, with the line numbers of the file, when it is streamed in ranges', async () => {
    // Rows 1..300 in Z, then the same hours written at +05:00 from line 252 (in the second range).
    const rows = hourRows(300);
    for (let i = 250; i < 300; i++) {
      const t = new Date(Date.UTC(2024, 0, 1, i) + 5 * 3_600_000).toISOString().slice(0, 19);
      rows[i] = `${t}+05:00${(rows[i] as string).slice(24)}`;
    }
    const f = write('STR_1h.csv', `${[HEADER, ...rows].join('\n')}\n`);
    const staged = streamStats.staged;
    const r = await runImport(catalog, { paths: [f] }, { streamBytes: 1 });
    expect(streamStats.staged).toBe(staged + 1);
    expect(r.files[0]).toMatchObject({ status: 'imported', rowsWritten: 300 });
    expect(r.files[0]?.problems.filter((p) => p.rule === 'mixed_offsets').map((p) => p.message)).toEqual([
      `${f}: rows carry different UTC offsets (Z from line 2, +05:00 from line 252); each row was converted to UTC with its own`,
    ]);
    expect(await stored(key('STR'))).toEqual(expectedBars(300));
  });

  it('refuses a FIFO before opening it (it would block for ever)', async () => {
    const fifo = path.join(dir, 'PIPE_1h.csv');
    execFileSync('mkfifo', [fifo]);
    const msg = `${fifo} is not a regular file (a FIFO); import reads files saved on disk`;
    await expect(previewImport(fifo)).rejects.toThrow(msg);
    await expect(runImport(catalog, { paths: [fifo] })).rejects.toThrow(msg);
  });
});

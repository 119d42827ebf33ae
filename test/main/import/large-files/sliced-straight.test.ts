import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openCatalog, tableToBars } from '../../../../src-main/engines/catalog/index';
import { runImport } from '../../../../src-main/engines/import/index';
import { ProblemLog } from '../../../../src-main/engines/import/parse/problems';
import { readSample, streamLines } from '../../../../src-main/engines/import/read/read-file';
import { planFromSample } from '../../../../src-main/engines/import/read/read-plan';
import { RowParser } from '../../../../src-main/engines/import/read/row-parser';
import { fileTempDir } from '../../catalog/helpers';
import { CHUNK, cutCrLfAtFirstChunk } from './chunk-cut';

const tmp = fileTempDir('barcat-sliced-straight-');

const T0 = Date.UTC(2021, 2, 1);
const iso = (i: number) => new Date(T0 + i * 60_000).toISOString().slice(0, 19).replace('T', ' ');
const row = (i: number, open = '1.25') => `${iso(i)},${open},1.5,1.0,1.25,${i % 997}`;
// A high below the open: a row rule error, the same length as a plain row.
const rejected = (i: number) => row(i, '1.75');

/**
 * A CRLF file of 40,000 rows over two 1 MiB chunks, a slice being `slice` valid rows: the first
 * slice's last row ends with a CR LF cut by the first chunk boundary; rejected rows just before that
 * last row, right after it (the next slice's first line) and as the file's last; rows the fast scan
 * declines (quotes, an exponent, a bad number, an empty line) early on.
 */
function build(): { text: string; slice: number; cut: number } {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < 40_000; i++) {
    if (i === 100) lines.push(`"${iso(i)}",1.25,1.5,1.0,1.25,7`);
    else if (i === 200) lines.push(row(i, '1.25e0'));
    else if (i === 300) lines.push(row(i, 'abc'));
    else if (i === 500) lines.push('');
    else lines.push(row(i));
  }
  const k = cutCrLfAtFirstChunk(lines);
  // lines[k] is row k - 1: its CR is the chunk's last byte.
  lines[k - 1] = rejected(k - 2);
  lines[k + 1] = rejected(k);
  lines[40_000] = rejected(39_999);
  // Valid rows up to row k - 1: all but the bad number, the empty line and row k - 2.
  return { text: `${lines.join('\r\n')}\r\n`, slice: k - 3, cut: k };
}

const KEY = { venue: 'CSV', symbol: 'EURUSD', timeframe: '1m' } as const;

/** Imports `file` into a fresh catalog; returns the file's result and the series' bars. */
async function importInto(dir: string, file: string, opts: { sliceBytes?: number; sliceRows?: number }) {
  const catalog = await openCatalog(dir);
  try {
    const s = await runImport(catalog, { paths: [file], onError: 'skip' }, { workers: false, ...opts });
    const bars = tableToBars(await catalog.query(KEY, undefined));
    return { file: s.files[0], bars };
  } finally {
    await catalog.close();
  }
}

/** Reads `file` in slices of `rows` valid rows as importSliced does; each slice's lines and times. */
async function slices(file: string, rows: number, lineByLine: boolean) {
  const sample = await readSample(file);
  const log = new ProblemLog(file);
  const parser = new RowParser(planFromSample(file, sample, {}), log, rows + 16);
  const seen: { lines: number[]; civil: number[]; open: number[] }[] = [];
  const flush = async () => {
    const c = parser.cols;
    seen.push({
      lines: Array.from(c.line.subarray(0, c.length)),
      civil: Array.from(c.civil.subarray(0, c.length)),
      open: Array.from(c.open.subarray(0, c.length)),
    });
    c.length = 0;
  };
  // A row limit (never reached) makes streamLines feed every line one by one, as slices were read before.
  await streamLines(file, parser, sample.bytes, {
    slice: { rows, flush },
    maxRows: lineByLine ? 1e9 : undefined,
  });
  return { seen, problems: log.full, rowsStraight: parser.rowsStraight, rowsRead: parser.rowsRead };
}

describe('a huge file read in slices', () => {
  const { text, slice, cut } = build();
  const file = path.join(tmp.dir, 'EURUSD_1m.csv');
  beforeAll(() => writeFileSync(file, text));

  it('is parsed straight through its chunks, each slice ending at the same row as the line-by-line read', async () => {
    expect(text.slice(CHUNK - 1, CHUNK + 1)).toBe('\r\n');
    const straight = await slices(file, slice, false);
    const byLine = await slices(file, slice, true);
    expect(straight.seen.map((s) => s.lines.length)).toEqual([slice, 39_995 - slice]);
    expect(straight.seen).toEqual(byLine.seen);
    expect(straight.problems).toEqual(byLine.problems);
    // The first slice ends with the row whose CR LF the chunk boundary cuts; the next starts after it.
    expect(straight.seen[0]?.lines.at(-1)).toBe(cut + 1);
    expect(straight.seen[1]?.lines[0]).toBe(cut + 3);
    expect(straight.problems.map((p) => [p.line, p.column, p.rule])).toEqual([
      [302, 'open', 'bad_number'],
      [cut, 'high', 'high_below_max'],
      [cut + 2, 'high', 'high_below_max'],
      [40_001, 'high', 'high_below_max'],
    ]);
    // All valid rows but the quoted one, the exponent, the padded one (an extra field) and the one the
    // chunk boundary cuts (joined, then fed as a line).
    expect([straight.rowsStraight, byLine.rowsStraight]).toEqual([39_991, 0]);
    expect(straight.rowsRead).toBe(byLine.rowsRead);
  });

  it('imports the same bars with the same problems and message as the whole-file read', async () => {
    const sliced = await importInto(path.join(tmp.dir, 'sliced'), file, { sliceBytes: 1, sliceRows: slice });
    const whole = await importInto(path.join(tmp.dir, 'whole'), file, {});
    expect(sliced.file?.status).toBe('imported');
    expect(sliced.bars).toHaveLength(39_995);
    expect(sliced.bars).toEqual(whole.bars);
    const same = ({
      rowsRead,
      rowsInvalid,
      rowsWritten,
      problems,
      problemCounts,
      message,
      status,
    }: object & {
      [k: string]: unknown;
    }) => ({ rowsRead, rowsInvalid, rowsWritten, problems, problemCounts, message, status });
    expect(same(sliced.file ?? {})).toEqual(same(whole.file ?? {}));
    expect(sliced.file).toMatchObject({
      rowsRead: 39_999,
      rowsInvalid: 4,
      rowsWritten: 39_995,
      message: null,
    });
  });

  it('a slice flush that takes no rows is an internal error, not an endless loop', async () => {
    const sample = await readSample(file);
    const parser = new RowParser(planFromSample(file, sample, {}), new ProblemLog(file), slice + 16);
    const read = streamLines(file, parser, sample.bytes, { slice: { rows: slice, flush: async () => {} } });
    await expect(read).rejects.toMatchObject({
      code: 'INTERNAL',
      message: `a slice flush left ${slice} rows of ${slice} buffered`,
    });
  });
});

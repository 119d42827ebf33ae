import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileBars } from '../../../../src-main/engines/import/read/read-file';
import { fileTempDir } from '../../catalog/helpers';
import { CHUNK, cutCrLfAtFirstChunk } from './chunk-cut';

const tmp = fileTempDir('barcat-straight-');

const T0 = Date.UTC(2021, 2, 1);
const iso = (i: number) => new Date(T0 + i * 60_000).toISOString().slice(0, 19).replace('T', ' ');
const row = (i: number, open = '1.25') => `${iso(i)},${open},1.5,1.0,1.25,${i % 997}`;

/**
 * A CRLF file of 40,000 rows over three 1 MiB chunks: a header, rows the straight-through parse
 * declines mid-chunk (quotes, an exponent, a bad number, a high below the open, an empty line, a
 * line over the cap), and a CR LF cut by the first chunk boundary.
 */
function build(): { text: string; lines: string[]; cut: number } {
  const lines = ['time,open,high,low,close,volume'];
  for (let i = 0; i < 40_000; i++) {
    if (i === 100) lines.push(`"${iso(i)}",1.25,1.5,1.0,1.25,7`);
    else if (i === 200) lines.push(row(i, '1.25e0'));
    else if (i === 300) lines.push(row(i, 'abc'));
    else if (i === 400) lines.push(`${iso(i)},1.75,1.5,1.0,1.25,3`);
    else if (i === 500) lines.push('');
    else if (i === 600) lines.push(`${row(i)}${' '.repeat(400)}`);
    else lines.push(row(i));
  }
  const k = cutCrLfAtFirstChunk(lines);
  return { text: `${lines.join('\r\n')}\r\n`, lines, cut: k };
}

describe('rows parsed straight through a chunk', () => {
  it('give the same bars and problems (line, column, text) as the line-by-line read', async () => {
    const { text, lines, cut } = build();
    expect(text.slice(CHUNK - 1, CHUNK + 1)).toBe('\r\n');
    const file = path.join(tmp.dir, 'EURUSD_1m.csv');
    writeFileSync(file, text);
    const overrides = { maxLineBytes: 300 };
    const straight = await readFileBars(file, overrides);
    // A row limit makes streamLines feed every line one by one (the preview's way).
    const byLine = await readFileBars(file, overrides, { maxRows: 50_000 });
    const b = straight.result?.batch;
    expect(b?.length).toBe(39_996);
    expect(byLine.result?.batch.length).toBe(39_996);
    for (const col of ['ts', 'open', 'high', 'low', 'close', 'volume'] as const)
      expect(Array.from(b?.[col] ?? [])).toEqual(Array.from(byLine.result?.batch[col] ?? []));
    expect(straight.rowsRead).toBe(39_999);
    // The straight-through path read the rows (the line-by-line read none): not two text reads compared.
    expect([straight.rowsStraight, byLine.rowsStraight]).toEqual([39_992, 0]);
    expect(straight.rowsInvalid).toBe(3);
    expect(straight.problems).toEqual(byLine.problems);
    expect(straight.problems.map((p) => [p.line, p.column, p.rule, p.value])).toEqual([
      [302, 'open', 'bad_number', 'abc'],
      [402, 'high', 'high_below_max', '1.5'],
      [602, null, 'line_too_long', null],
    ]);
    // The quoted row, the exponent and the rows on both sides of the boundary are all there.
    expect(b?.ts[100]).toBe(T0 + 100 * 60_000);
    expect(b?.open[199]).toBe(1.25);
    // The row whose CR ends the first chunk, and its neighbours (lines[cut] is row cut - 1).
    const tsOf = (l: number) => Date.parse(`${(lines[l] as string).slice(0, 19).replace(' ', 'T')}Z`);
    expect(cut).toBeGreaterThan(18_000);
    const at = Number(b?.ts.indexOf(tsOf(cut)));
    expect([b?.ts[at - 1], b?.ts[at], b?.ts[at + 1]]).toEqual([tsOf(cut - 1), tsOf(cut), tsOf(cut + 1)]);
    expect(b?.volume[at]).toBe((cut - 1) % 997);
  });

  it('read each time whatever length the one before it had', async () => {
    // Lengths change from row to row; a time followed by text, and one in quotes, are not ISO times.
    const times = [
      '2021-03-01T00:00:00Z',
      '2021-03-01T00:01:00Z',
      '2021-03-01T00:02:00.000Z',
      '2021-03-01T00:03:00.000Z',
      '2021-03-01T00:04:00',
      '2021-03-01 00:05',
      '2021-03-01 00:06',
      '2021-03-01T00:07:00Z',
      '2021-03-01T00:08:00Zx',
      '"2021-03-01T00:09:00Z"',
      '2021-03-01T00:10:00Z',
      '2021-02-30T00:11:00Z',
      '2021-03-01T00:12:00Z',
    ];
    const file = path.join(tmp.dir, 'GBPUSD_1m.csv');
    writeFileSync(
      file,
      `time,open,high,low,close,volume\n${times.map((t) => `${t},1,2,0.5,1.5,3`).join('\n')}\n`,
    );
    const straight = await readFileBars(file);
    const byLine = await readFileBars(file, {}, { maxRows: 100 });
    expect(straight.problems).toEqual(byLine.problems);
    expect(straight.problems.map((p) => [p.line, p.column, p.rule, p.value])).toEqual([
      [10, 'time', 'bad_timestamp', '2021-03-01T00:08:00Zx'],
      [13, 'time', 'no_such_date', '2021-02-30T00:11:00Z'],
      [null, null, 'mixed_offsets', null],
    ]);
    const minutes = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 12];
    expect(Array.from(straight.result?.batch.ts ?? [])).toEqual(
      minutes.map((m) => Date.UTC(2021, 2, 1, 0, m)),
    );
    expect(Array.from(byLine.result?.batch.ts ?? [])).toEqual(minutes.map((m) => Date.UTC(2021, 2, 1, 0, m)));
  });
});

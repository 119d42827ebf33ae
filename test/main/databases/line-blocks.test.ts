import { describe, expect, it } from 'vitest';
import { rowTooLong } from '../../../src-main/engines/databases/import/block-errors';
import { LineBlocks } from '../../../src-main/engines/databases/import/block-stream';
import type { DbImportPlan } from '../../../src-main/engines/databases/plan';

const PLAN = {
  target: { kind: 'postgres', host: '127.0.0.1', port: 5432, user: 'u', database: 'd' },
  from: { table: 'bars' },
  map: { ts: 'ts', open: 'open', high: 'high', low: 'low', close: 'close' },
  tsKind: 'integer',
  series: { venueCol: 'venue', symbolCol: 'symbol', timeframe: '1m' },
  tz: 'UTC',
  sourceHash: 'h',
  sourceLabel: 'postgres://u@127.0.0.1:5432/d table bars',
} as DbImportPlan;

/** The cap the import uses, at 10 bytes: the refusal is the import's own coded error. */
const tooLong = { maxRowBytes: 10, error: (row: number, head: Buffer) => rowTooLong(PLAN, row, head, 10) };

describe('LineBlocks row cap', () => {
  it('refuses a row that ends inside the chunk that takes it past the cap', () => {
    const cut = new LineBlocks(Number.POSITIVE_INFINITY, 1 << 20, tooLong);
    expect(cut.push(Buffer.from('123456789'))).toEqual([]);
    let thrown: unknown;
    try {
      cut.push(Buffer.from('01\n'));
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toMatchObject({
      message:
        'postgres://u@127.0.0.1:5432/d table bars: row 1 of this run (in key order, ts 12345678901) is longer than 0 MB, ' +
        'where a bar row takes well under a kilobyte: a column mapped to venue, symbol is almost surely the wrong one ' +
        '(a text or document column); check the mapping (--series-from, --map; Preview shows it) or leave such rows out with --query; ' +
        'nothing of the rows being read was written: the catalog holds only what earlier commits wrote, and the watermark at or before their last row (a re-run reads again the rows after it, whose bars the catalog may already hold)',
      details: { reason: 'db_row_too_large', row: 1, key: 'ts 12345678901', maxBytes: 10 },
    });
  });

  it('names the right row when the over-long row ends inside a chunk after earlier rows', () => {
    const cut = new LineBlocks(Number.POSITIVE_INFINITY, 1 << 20, tooLong);
    cut.push(Buffer.from('1\n2\n12345'));
    expect(() => cut.push(Buffer.from('678901\n3\n'))).toThrow(
      'row 3 of this run (in key order, ts 12345678901)',
    );
  });

  it('passes a row of exactly the cap, split across chunks or whole in one', () => {
    const cut = new LineBlocks(Number.POSITIVE_INFINITY, 1 << 20, tooLong);
    expect(cut.push(Buffer.from('123456789'))).toEqual([]);
    expect(cut.push(Buffer.from('0\n'))).toEqual([]);
    expect(cut.push(Buffer.from('abcdefghij\n'))).toEqual([]);
    expect(cut.end()?.toString()).toBe('1234567890\nabcdefghij\n');
  });
});

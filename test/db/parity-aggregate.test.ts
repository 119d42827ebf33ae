import { beforeAll, describe, expect, inject, it } from 'vitest';
import { fileTempDir } from '../main/catalog/helpers';
import { barsTable, cli, importMinutesArgs, minuteRows, pgSql } from './helpers';

const { catalogDir: dir } = fileTempDir('barcat-pgagg-');

// 2 symbols x 600 minutes over the January/February boundary; one NaN and one NULL volume (absent on both sides).
const a = minuteRows('BINANCE', 'BTCUSDT', '2024-01-31T19:00:00Z', 600, 40000);
const b = minuteRows('BINANCE', 'ETHUSDT', '2024-01-31T19:00:00Z', 600, 2000);
const args = (...more: string[]) => importMinutesArgs(inject('pgUrl'), 'agg_bars', dir, '--json', ...more);

interface ParityJson {
  parity: {
    ok: boolean;
    method: string;
    differences: { series: string; month: string; db: { sumClose: number }; catalog: { sumClose: number } }[];
  };
}

describe('the parity check on PostgreSQL', () => {
  beforeAll(async () => {
    await barsTable('agg_bars', [...a, ...b]);
    await pgSql(
      "UPDATE agg_bars SET volume = 'NaN' WHERE symbol = 'BTCUSDT' AND ts = '2024-02-01 03:00:00+00'",
    );
    await pgSql(
      "UPDATE agg_bars SET volume = NULL WHERE symbol = 'ETHUSDT' AND ts = '2024-01-31 21:00:00+00'",
    );
  });

  it('after a clean migration is settled by one aggregate query (bit sums equal)', async () => {
    const r = await cli(args('--create'));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as ParityJson;
    expect(out.parity).toMatchObject({ ok: true, method: 'aggregate', differences: [] });
  });

  it('catches a close changed in its 13th digit, which a tolerance on float sums would let pass', async () => {
    const changed = await pgSql(
      "UPDATE agg_bars SET close = close + 1e-9 WHERE symbol = 'ETHUSDT' AND ts = '2024-02-01 04:00:00+00'",
    );
    expect(changed.rowCount).toBe(1);
    const r = await cli(args('--verify'));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as ParityJson;
    expect(out.parity.ok).toBe(false);
    // The aggregate differed, so every row was read through the rules and that report names the month.
    expect(out.parity.method).toBe('rows');
    expect(out.parity.differences.map((d) => `${d.series} ${d.month}`)).toEqual([
      'BINANCE:ETHUSDT:1m 2024-02',
    ]);
    const [d] = out.parity.differences;
    expect(d?.db.sumClose).not.toBe(d?.catalog.sumClose);
  });
});

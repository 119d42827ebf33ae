import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Bar } from '../../src-shared/domain/bar';
import { fileTempDir } from '../main/catalog/helpers';
import { catalogBars, cli } from './helpers';

const tmp = fileTempDir('barcat-ch-');

async function ch(sql: string, body?: string): Promise<string> {
  const url = new URL(inject('chUrl'));
  if (body !== undefined) url.searchParams.set('query', sql);
  const r = await fetch(url, { method: 'POST', body: body ?? sql });
  const text = await r.text();
  if (!r.ok) throw new Error(text);
  return text;
}

const chUrl = () => `clickhouse://default@127.0.0.1:${new URL(inject('chUrl')).port}/default`;
const H = 3_600_000;
const T0 = Date.parse('2024-03-31T20:00:00Z');
// 2 pairs x 10 hours across the March/April boundary; an empty volume on one bar.
const bars = (base: number): Bar[] =>
  Array.from({ length: 10 }, (_, i) => ({
    ts: T0 + i * H,
    open: base + i,
    high: base + i + 2.5,
    low: base + i - 1.25,
    close: base + i + 0.75,
    volume: i === 4 ? Number.NaN : 100 + i,
  }));
const XBT = bars(60000);
const ETH = bars(3000);

describe('ClickHouse over its HTTP interface', () => {
  const catalog = tmp.catalogDir;
  beforeAll(async () => {
    await ch(
      'CREATE TABLE candles (exchange String, pair String, time DateTime, o Float64, h Float64, l Float64, c Float64, v Float64) ENGINE = MergeTree() ORDER BY (exchange, pair, time)',
    );
    const rows = [
      ...XBT.map((b) => ['KRAKEN', 'XBTEUR', b] as const),
      ...ETH.map((b) => ['KRAKEN', 'ETHEUR', b] as const),
    ]
      .map(([x, p, b]) =>
        [x, p, b.ts / 1000, b.open, b.high, b.low, b.close, Number.isNaN(b.volume) ? 'nan' : b.volume].join(
          '\t',
        ),
      )
      .join('\n');
    // DateTime from a unix time in TSV keeps the instant whatever the server's zone.
    await ch('INSERT INTO candles FORMAT TabSeparated', `${rows}\n`);
  });

  it('imports a multi-pair DateTime table with the exact bars and a passing parity report', async () => {
    const r = await cli([
      'import-db',
      chUrl(),
      '--table',
      'candles',
      '--series-from',
      'exchange,pair',
      '--timeframe',
      '1h',
      '--map',
      'ts=time,open=o,high=h,low=l,close=c,volume=v',
      '--catalog',
      catalog,
      '--create',
    ]);
    expect(r.stderr).not.toContain('barcat:');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('20 rows read into 2 series: added 20');
    expect(r.stdout).toMatch(/KRAKEN:XBTEUR:1h\s+2\s+0\s+10\s+10/);
    expect(r.stdout).toContain('parity OK');
    // DateTime is an instant: one aggregate query (bit sums through reinterpretAsString on 18.16, nan volume absent) settles it.
    expect(r.stdout).toContain('compared by one aggregate query on the database');
    expect(await catalogBars(catalog, 'KRAKEN:XBTEUR:1h')).toEqual(XBT);
    expect(await catalogBars(catalog, 'KRAKEN:ETHEUR:1h')).toEqual(ETH);
  });

  it('publishes series to a new ReplacingMergeTree table; publishing again leaves it identical; it imports back exactly', async () => {
    const publish = () =>
      cli([
        'export',
        'KRAKEN:XBTEUR:1h',
        'KRAKEN:ETHEUR:1h',
        '--to',
        chUrl(),
        '--table',
        'published',
        '--catalog',
        catalog,
      ]);
    const first = await publish();
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(
      `KRAKEN:XBTEUR:1h: 10 bars -> ${chUrl()} table published\nKRAKEN:ETHEUR:1h: 10 bars -> ${chUrl()} table published\n`,
    );
    expect(
      await ch("SELECT engine, sorting_key FROM system.tables WHERE name = 'published' FORMAT TSV"),
    ).toBe('ReplacingMergeTree\tvenue, symbol, timeframe, ts\n');
    const snapshot = 'SELECT * FROM published ORDER BY venue, symbol, ts FORMAT TSV';
    const before = await ch(snapshot);
    expect(before.split('\n').slice(0, 2)).toEqual([
      `KRAKEN\tETHEUR\t1h\t${T0}\t3000\t3002.5\t2998.75\t3000.75\t100`,
      `KRAKEN\tETHEUR\t1h\t${T0 + H}\t3001\t3003.5\t2999.75\t3001.75\t101`,
    ]);
    expect(before.split('\n')[4]).toBe(
      `KRAKEN\tETHEUR\t1h\t${T0 + 4 * H}\t3004\t3006.5\t3002.75\t3004.75\tnan`,
    );
    expect(await publish()).toMatchObject({ code: 0 });
    // Without FINAL: the second publish replaced rows instead of adding any.
    expect(await ch(snapshot)).toBe(before);
    expect(await ch('SELECT count() FROM published')).toBe('20\n');

    const back = path.join(tmp.dir, 'back');
    const r = await cli([
      'import-db',
      chUrl(),
      '--table',
      'published',
      '--series-from',
      'venue,symbol,timeframe',
      '--catalog',
      back,
      '--create',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('parity OK');
    expect(await catalogBars(back, 'KRAKEN:XBTEUR:1h')).toEqual(XBT);
    expect(await catalogBars(back, 'KRAKEN:ETHEUR:1h')).toEqual(ETH);
  });
});

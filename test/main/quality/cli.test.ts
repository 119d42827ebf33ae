import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { findingId } from '../../../src-main/engines/quality/index';
import { cli } from '../catalog/cli-io';
import { tempDirEach } from '../catalog/helpers';
import { grid, plantStale, walk } from './synthetic';

const T0 = Date.UTC(2024, 0, 1);

describe('barcat quality', () => {
  const dir = tempDirEach('barcat-quality-cli-');
  let cat: string;
  beforeEach(async () => {
    cat = path.join(dir(), 'cat');
    const catalog = await openCatalog(cat);
    await catalog.write(
      { venue: 'BINANCE', symbol: 'CLEAN', timeframe: '1m' },
      walk(grid(T0, 1440)),
      'merge',
    );
    const bad = walk(grid(T0, 1440), 3);
    bad.low[600] = bad.low[600]! * 0.9;
    plantStale(bad, 800, 806);
    await catalog.write({ venue: 'BINANCE', symbol: 'BAD', timeframe: '1m' }, bad, 'merge');
    await catalog.close();
  });

  it('says a clean series is clean and exits 0', async () => {
    const r = await cli(['quality', 'BINANCE:CLEAN:1m', '--catalog', cat]);
    expect(r).toEqual(expect.objectContaining({ code: 0, stderr: '' }));
    expect(r.stdout).toBe('BINANCE:CLEAN:1m (calendar 24x7, crypto defaults): clean\n');
  });

  it('words the findings in a table and exits 1', async () => {
    const r = await cli(['quality', 'BINANCE:BAD:1m', '--catalog', cat]);
    expect(r).toEqual(expect.objectContaining({ code: 1, stderr: '' }));
    expect(r.stdout).toBe(
      [
        'BINANCE:BAD:1m (calendar 24x7, crypto defaults): 2 findings',
        'CHECK       COUNT  FIRST FINDINGS',
        `spikes          1  2024-01-01T10:00:00Z low 88.954417 after 98.881348, back to 98.815347 1 bar later (226.52 deviations) [${findingId({ check: 'spike', from: Date.UTC(2024, 0, 1, 10), to: Date.UTC(2024, 0, 1, 10, 1), field: 'low' })}]`,
        `stale runs      1  2024-01-01T13:20:00Z..2024-01-01T13:26:00Z 6 identical bars at 98.976111 with zero volume (run of 6) [${findingId({ check: 'stale_run', from: Date.UTC(2024, 0, 1, 13, 20), to: Date.UTC(2024, 0, 1, 13, 26) })}]`,
        '',
      ].join('\n'),
    );
  });

  it('prints codes with fields as JSON, for every series with --all, from stored results', async () => {
    expect((await cli(['quality', '--all', '--catalog', cat])).code).toBe(1);
    const r = await cli(['quality', '--all', '--json', '--catalog', cat]);
    expect(r).toEqual(expect.objectContaining({ code: 1, stderr: '' }));
    const out = JSON.parse(r.stdout);
    expect(out.findings).toBe(2);
    expect(
      out.series.map((s: { series: string; counts: Record<string, number> }) => [
        s.series,
        s.counts.spike,
        s.counts.stale_run,
      ]),
    ).toEqual([
      ['BINANCE:BAD:1m', 1, 1],
      ['BINANCE:CLEAN:1m', 0, 0],
    ]);
    expect(out.series[0].findings[1]).toEqual({
      check: 'stale_run',
      from: Date.UTC(2024, 0, 1, 13, 20),
      to: Date.UTC(2024, 0, 1, 13, 26),
      bars: 6,
      values: { price: walk(grid(T0, 1440), 3).close[799], runBars: 6 },
      // Since fixes: an id to name the finding by, and whether it is open or reviewed.
      id: findingId({
        check: 'stale_run',
        from: Date.UTC(2024, 0, 1, 13, 20),
        to: Date.UTC(2024, 0, 1, 13, 26),
      }),
      status: 'open',
    });
    expect(out.series[0]).toMatchObject({ calendar: '24x7', partitionsRecomputed: 0, partitionsTotal: 1 });
  });

  it('takes thresholds per series from --config', async () => {
    const config = path.join(dir(), 'quality.json');
    writeFileSync(config, JSON.stringify({ series: { 'binance:bad:1m': { spikeK: 500, staleBars: null } } }));
    const r = await cli(['quality', 'BINANCE:BAD:1m', '--config', config, '--catalog', cat]);
    expect(r).toEqual({
      code: 0,
      stdout: 'BINANCE:BAD:1m (calendar 24x7, crypto defaults): clean\n',
      stderr: '',
      stdoutBytes: expect.anything(),
    });
  });

  it('says so when --all finds no series, and exits 0', async () => {
    const empty = path.join(dir(), 'empty');
    await (await openCatalog(empty, { create: true })).close();
    const r = await cli(['quality', '--all', '--catalog', empty]);
    expect([r.code, r.stdout, r.stderr]).toEqual([0, `no series in the catalog ${empty}\n`, '']);
  });

  it('refuses bad usage, a bad config and an unknown series with a clear line', async () => {
    let r = await cli(['quality', '--catalog', cat]);
    expect([r.code, r.stderr]).toEqual([
      2,
      'barcat: give one SERIES or --all; usage: barcat quality SERIES|--all [--config FILE] [--refresh] [--json]\n',
    ]);
    const config = path.join(dir(), 'bad.json');
    writeFileSync(config, JSON.stringify({ defaults: { spikeK: -1 } }));
    r = await cli(['quality', '--all', '--config', config, '--catalog', cat]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`quality config ${config}: defaults.spikeK:`);
    r = await cli(['quality', 'BINANCE:NONE:1m', '--catalog', cat]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('series BINANCE:NONE:1m is not in the catalog');
  });
});

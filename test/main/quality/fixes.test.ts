import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openCatalog, readOps, tableToBars } from '../../../src-main/engines/catalog/index';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { cli } from '../catalog/cli-io';
import { tempDirEach } from '../catalog/helpers';
import { seriesState } from '../history/snapshot';
import { grid, walk } from './synthetic';

const T0 = Date.UTC(2024, 0, 1);
const KEY: SeriesKey = { venue: 'BINANCE', symbol: 'BAD', timeframe: '1m' };
const ID = 'BINANCE:BAD:1m';
const SERIES_DIR = 'bars/venue=BINANCE/symbol=BAD/timeframe=1m';
const MANIFEST = 'manifests/BINANCE~BAD~1m.json';
const SPIKE_TS = T0 + 600 * 60_000;

describe('quality fixes: review, drop, undo', () => {
  let cat: string;
  const tmp = tempDirEach('barcat-quality-fix-');
  let spike: { ts: number; open: number; high: number; low: number; close: number; volume: number };
  beforeEach(async () => {
    cat = path.join(tmp(), 'cat');
    const bad = walk(grid(T0, 1440), 3);
    bad.low[600] = bad.low[600]! * 0.9;
    spike = {
      ts: SPIKE_TS,
      open: bad.open[600]!,
      high: bad.high[600]!,
      low: bad.low[600]!,
      close: bad.close[600]!,
      volume: bad.volume[600]!,
    };
    const catalog = await openCatalog(cat);
    await catalog.write(KEY, bad, 'merge', { source: 'import:planted' });
    await catalog.close();
  });

  async function findings() {
    const r = await cli(['quality', ID, '--json', '--catalog', cat]);
    return { code: r.code, out: JSON.parse(r.stdout) };
  }

  it('drops a planted spike (finding gone, bar quarantined with its reason), and undo brings bar and finding back', async () => {
    const first = await findings();
    expect(first.code).toBe(1);
    const f = first.out.series[0].findings.find((x: { check: string }) => x.check === 'spike');
    expect(f).toMatchObject({
      check: 'spike',
      from: SPIKE_TS,
      to: SPIKE_TS + 60_000,
      status: 'open',
      id: expect.stringMatching(/^[0-9a-f]{10}$/),
    });
    const before = seriesState(cat, SERIES_DIR, MANIFEST);
    const drop = await cli(['quality', ID, 'drop', f.id, '--reason', 'bad print', '--catalog', cat]);
    expect(drop).toMatchObject({
      code: 0,
      stdout: `dropped 1 bar of finding ${f.id} from ${ID} (kept in its quarantine; "barcat undo ${ID}" puts them back); 0 open findings left\n`,
      stderr: '',
    });
    const c = await openCatalog(cat);
    const after = tableToBars(await c.query(KEY, undefined));
    expect(after.length).toBe(1439);
    expect(after.find((b) => b.ts === SPIKE_TS)).toBeUndefined();
    await c.close();
    const fixes = JSON.parse(readFileSync(path.join(cat, 'quality/fixes/BINANCE~BAD~1m.json'), 'utf8'));
    expect(fixes.dropped).toEqual([
      {
        id: f.id,
        check: 'spike',
        from: SPIKE_TS,
        to: SPIKE_TS + 60_000,
        reason: 'bad print',
        generation: 2,
        at: expect.any(Number),
        bars: [spike],
      },
    ]);
    expect((await findings()).out.series[0].findings.map((x: { id: string }) => x.id)).not.toContain(f.id);
    const hist = JSON.parse((await cli(['history', ID, '--json', '--catalog', cat])).stdout);
    expect(hist.generations[0]).toMatchObject({
      kind: 'quality-drop',
      jobId: f.id,
      mode: 'drop',
      counts: { added: 0, replaced: 0, removed: 1 },
    });

    const undo = await cli(['undo', ID, '--catalog', cat]);
    expect(undo).toMatchObject({
      code: 0,
      stdout:
        `undid generation 2 of ${ID} (written by quality-drop:${f.id}): generation 1 is live again as generation 3\n` +
        'bars 1,439 -> 1,440: 1,440 restored (1 file), 1,439 removed (1 file)\n',
    });
    expect(seriesState(cat, SERIES_DIR, MANIFEST)).toEqual(before);
    const back = await findings();
    expect(back.code).toBe(1);
    expect(back.out.series[0].findings.find((x: { id: string }) => x.id === f.id)).toMatchObject({
      status: 'open',
    });
    const fixesAfter = JSON.parse(readFileSync(path.join(cat, 'quality/fixes/BINANCE~BAD~1m.json'), 'utf8'));
    expect(fixesAfter.dropped).toEqual([]);
    expect((await readOps(cat)).map((r) => [r.op, r.by])).toEqual([
      ['quality-drop', 'cli:quality'],
      ['undo', 'cli:undo'],
    ]);
  });

  it('review keeps the bars, lists the finding as reviewed, and it no longer counts as open; unreview reopens it', async () => {
    const f = (await findings()).out.series[0].findings[0];
    expect(await cli(['quality', ID, 'review', f.id, '--catalog', cat])).toMatchObject({
      code: 2,
      stderr: 'barcat: give --note TEXT saying why the bars are kept as they are\n',
    });
    const r = await cli([
      'quality',
      ID,
      'review',
      f.id,
      '--note',
      'exchange outage, real print',
      '--catalog',
      cat,
    ]);
    expect(r).toMatchObject({
      code: 0,
      stdout: `marked finding ${f.id} of ${ID} reviewed; 0 open findings left\n`,
    });
    const now = await findings();
    expect(now.code).toBe(0);
    expect(now.out).toMatchObject({ findings: 1, open: 0 });
    expect(now.out.series[0].findings[0]).toMatchObject({
      id: f.id,
      status: 'reviewed',
      note: 'exchange outage, real print',
    });
    const text = await cli(['quality', ID, '--catalog', cat]);
    expect(text.stdout.split('\n')[0]).toBe(
      `${ID} (calendar 24x7, crypto defaults): 1 findings (0 open, 1 reviewed)`,
    );
    expect(text.stdout.split('\n')[2]).toMatch(
      new RegExp(`\\[${f.id}, reviewed: exchange outage, real print\\]$`),
    );
    expect(await cli(['quality', ID, 'unreview', f.id, '--catalog', cat])).toMatchObject({
      code: 0,
      stdout: `finding ${f.id} of ${ID} is open again; 1 open findings left\n`,
    });
    expect(await cli(['quality', ID, 'drop', 'ffffffffff', '--catalog', cat])).toMatchObject({
      code: 1,
      stderr: `barcat: series ${ID} has no quality finding ffffffffff (any more); run "barcat quality ${ID}" for the current ones\n`,
    });
    expect((await readOps(cat)).map((o) => o.op)).toEqual(['quality-review', 'quality-unreview']);
  });
});

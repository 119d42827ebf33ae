import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../../main/catalog/cli-io';
import { tempDirEach } from '../../main/catalog/helpers';
import { catalogWith, editManifest, MANIFEST, SERIES } from '../fixture';

// Issue 12, item 9: a manifest naming another series than its file name is reported and repaired.
describe('a manifest whose series differs from its file name', () => {
  const dir = tempDirEach('barcat-venue-');
  let cat: string;
  beforeEach(async () => {
    cat = await catalogWith(dir());
  });

  it('is reported by verify, never listed twice, and rebuild repairs it for good', async () => {
    editManifest(cat, (m) => {
      m.venue = 'KRAKEN';
      m.series = 'KRAKEN:BTCUSDT:1m';
    });
    const manifest = path.join(cat, MANIFEST);
    const wrong = `manifest ${manifest} names series KRAKEN:BTCUSDT:1m (venue KRAKEN, symbol BTCUSDT, timeframe 1m), which is not the series of its file name; run "barcat rebuild" to recreate it`;
    const v = await cli(['verify', '--catalog', cat]);
    expect(v).toMatchObject({ code: 1, stderr: '' });
    expect(v.stdout).toBe(
      `0 partitions checked, 0 ok, 0 quarantined\nbad manifest or entry: ${manifest}: ${wrong}\n`,
    );
    expect(JSON.parse((await cli(['list', '--json', '--catalog', cat])).stdout)).toEqual([]);
    const r = await cli(['rebuild', '--catalog', cat]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      `rebuilt 1 manifests for 1 series (1 partitions)\nquarantined ${manifest}: ${wrong}\n`,
    );
    const moved = path.join(cat, '.quarantine', MANIFEST);
    expect(JSON.parse(readFileSync(moved, 'utf8'))).toMatchObject({ venue: 'KRAKEN' });
    expect(readFileSync(`${moved}.why.txt`, 'utf8')).toContain(`reason: ${wrong}`);
    expect(existsSync(path.join(cat, 'manifests', 'KRAKEN~BTCUSDT~1m.json'))).toBe(false);
    const list = JSON.parse((await cli(['list', '--json', '--catalog', cat])).stdout) as { id: string }[];
    expect(list).toMatchObject([{ id: SERIES, rows: 1000 }]);
    expect(await cli(['verify', '--catalog', cat])).toMatchObject({
      code: 0,
      stdout: '1 partitions checked, 1 ok, 0 quarantined\n',
    });
  });
});

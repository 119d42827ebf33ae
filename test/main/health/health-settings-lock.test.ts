import { beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { readHealthSettings, setSeriesHealthSettings } from '../../../src-main/engines/health/index';
import { tempDirEach } from '../catalog/helpers';

describe('health.json edited by several writers at once', () => {
  const dir = tempDirEach('barcat-health-lock-');
  beforeEach(async () => {
    await (await openCatalog(dir())).close();
  });

  it('keeps every edit: each read-modify-write holds the file lock', async () => {
    const ids = Array.from({ length: 20 }, (_, i) => `BINANCE:S${i}USDT:1m`);
    await Promise.all(ids.map((id, i) => setSeriesHealthSettings(dir(), id, { maxLagMs: (i + 1) * 60_000 })));
    const { series } = await readHealthSettings(dir());
    expect(Object.keys(series).sort()).toEqual([...ids].sort());
    expect(ids.map((id) => series[id]?.maxLagMs)).toEqual(ids.map((_, i) => (i + 1) * 60_000));
  });
});

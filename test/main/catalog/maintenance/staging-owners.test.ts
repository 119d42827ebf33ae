import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import { tempDirEach } from '../helpers';

// The dead-process sweep of .staging (at open, and before each new staging folder) on a catalog
// other hosts and containers may share: it removes only folders it can prove dead.
const DEAD_PID = 2_147_483_000;
const HOST = os.hostname().replace(/[^A-Za-z0-9-]/g, '_');

describe('the sweep of staging folders', () => {
  const dir = tempDirEach('barcat-staging-owners-');

  /** Makes each folder under .staging with one staged file. */
  function stage(names: string[]): string {
    const staging = path.join(dir(), '.staging');
    for (const n of names) {
      mkdirSync(path.join(staging, n), { recursive: true });
      writeFileSync(path.join(staging, n, '2024-01.parquet'), 'staged');
    }
    return staging;
  }

  const kept = [
    // Another host's folder: its pid says nothing here.
    `${DEAD_PID}-t1.other-host.abc123.x1`,
    // Our pid, another process token: an earlier process's or another container's, not provably dead.
    `${process.pid}-t1.${HOST}.zzz999.x2`,
    // A running process of this host (the old name too).
    `${process.ppid}-t3.${HOST}.abc123.x3`,
    `${process.pid}-t2-oldname`,
  ];
  const dead = [`${DEAD_PID}-t1.${HOST}.abc123.y1`, `${DEAD_PID}-t4-oldname`, `${DEAD_PID}-older`];

  it('at open removes only folders of this host whose pid is not running, old names too', async () => {
    const staging = stage([...kept, ...dead]);
    await (await openCatalog(dir(), { create: true })).close();
    expect(readdirSync(staging).sort()).toEqual([...kept].sort());
  });

  it('before a new staging folder, the same; the new one is named by this process', async () => {
    await (await openCatalog(dir(), { create: true })).close();
    const staging = stage([...kept, ...dead]);
    const cat = await openCatalog(dir(), { create: false });
    try {
      const area = await cat.stagingArea!();
      const made = path.basename(area.dir);
      expect(made).toMatch(new RegExp(`^${process.pid}-t\\d+\\.${HOST}\\.[a-z0-9]+\\.[a-z0-9]+$`));
      expect(readdirSync(staging).sort()).toEqual([...kept, made].sort());
    } finally {
      await cat.close();
    }
  });
});

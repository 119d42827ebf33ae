import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../src-main/app/create-core';
import type { FolderCatalog } from '../../../src-main/engines/catalog/catalog';
import { DEFAULT_READ_CACHE_MB } from '../../../src-shared/domain/settings/read-cache';
import { tempDirEach } from '../../main/catalog/helpers';

const MB = 1024 * 1024;
const dir = tempDirEach('barcat-read-cache-settings-');

function bound(catalog: unknown): number {
  return (catalog as FolderCatalog).readCache.limitBytes;
}

describe('read cache size in Settings', () => {
  it('defaults, is set through setSettings, saved, and applied to the open and the next catalog', async () => {
    const dataDir = path.join(dir(), 'data');
    const core = await createCore({ catalogDir: path.join(dir(), 'a'), dataDir });
    try {
      const first = await core.dispatch('getSettings', {});
      expect(first).toMatchObject({ ok: true, value: { readCacheMb: DEFAULT_READ_CACHE_MB } });
      expect(bound(core.catalog())).toBe(DEFAULT_READ_CACHE_MB * MB);

      const set = await core.dispatch('setSettings', { readCacheMb: 64 });
      expect(set).toMatchObject({ ok: true, value: { readCacheMb: 64 } });
      expect(bound(core.catalog())).toBe(64 * MB);
      expect(JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).readCacheMb).toBe(64);

      const bad = await core.dispatch('setSettings', { readCacheMb: -1 });
      expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
      expect(bound(core.catalog())).toBe(64 * MB);

      // A catalog switch opens a new catalog with a cache of its own, at the user's size.
      const before = core.catalog() as FolderCatalog;
      await core.dispatch('createCatalog', { dir: path.join(dir(), 'b') });
      const after = core.catalog() as FolderCatalog;
      expect(after).not.toBe(before);
      expect(after.readCache).not.toBe(before.readCache);
      expect(bound(after)).toBe(64 * MB);
    } finally {
      await core.close();
    }
    // Read back on the next start.
    const again = await createCore({ catalogDir: path.join(dir(), 'a'), dataDir });
    try {
      expect(bound(again.catalog())).toBe(64 * MB);
    } finally {
      await again.close();
    }
  });
});

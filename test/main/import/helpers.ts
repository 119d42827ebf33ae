import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import type { Catalog } from '../../../src-main/engines/catalog/types';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export function tempDir(prefix = 'barcat-imp-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every folder and file under the catalog (path -> 'dir' or sha256), audit records, registry and lock aside. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      const rel = path.relative(dir, full);
      if (rel === 'audit' || rel === 'import-registry.json' || rel === '.lock') continue;
      if (statSync(full).isDirectory()) {
        out[rel] = 'dir';
        walk(full);
      } else out[rel] = createHash('sha256').update(readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

export interface ImportCatalog {
  catalog: Catalog;
  catDir: string;
  dataDir: string;
}

/** For each test: a temp folder with `data` for the files and a catalog in `cat`, handed to `use`; closed and removed after. */
export function importCatalogEach(use: (c: ImportCatalog) => void): void {
  let tmp: ReturnType<typeof tempDir>;
  let catalog: Catalog;
  beforeEach(async () => {
    tmp = tempDir();
    const catDir = path.join(tmp.dir, 'cat');
    const dataDir = path.join(tmp.dir, 'data');
    mkdirSync(dataDir);
    catalog = await openCatalog(catDir);
    use({ catalog, catDir, dataDir });
  });
  afterEach(async () => {
    await catalog.close();
    tmp.cleanup();
  });
}

import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import type { Catalog } from '../../../src-main/engines/catalog/types';
import { tempDirEach } from '../catalog/helpers';

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
  /** The temp folder, for files a test writes beside the two. */
  dir: string;
  catalog: Catalog;
  catDir: string;
  dataDir: string;
}

/** For each test: a temp folder with `data` for the files and a catalog in `cat`, handed to `use`; closed and removed after. */
export function importCatalogEach(use: (c: ImportCatalog) => void, prefix = 'barcat-imp-'): void {
  const tmp = tempDirEach(prefix);
  let catalog: Catalog;
  beforeEach(async () => {
    const catDir = path.join(tmp(), 'cat');
    const dataDir = path.join(tmp(), 'data');
    mkdirSync(dataDir);
    catalog = await openCatalog(catDir);
    use({ dir: tmp(), catalog, catDir, dataDir });
  });
  afterEach(async () => {
    await catalog.close();
  });
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { buildApp } from './build';
import { type AppHandle, launchApp } from './launch';

/** The app on a fresh catalog in a temp folder, for the whole file (closed and removed after it); read it inside tests. */
export function appOnTempCatalog(prefix: string): () => AppHandle {
  let dir = '';
  let app: AppHandle | undefined;
  beforeAll(async () => {
    buildApp();
    dir = mkdtempSync(path.join(os.tmpdir(), prefix));
    app = await launchApp({ catalogDir: path.join(dir, 'catalog'), dataDir: dir });
  });
  afterAll(async () => {
    await app?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => app as AppHandle;
}

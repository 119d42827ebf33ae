import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Path of a bundled worker entry, out/node/workers/NAME.js (built from src-main/hosts/workers/NAME.worker.ts
 * by scripts/build-node.mjs). Found by walking up from this module, so it works from source (tests),
 * from out/node (CLI, web host) and from out/main (Electron). BARCAT_WORKER_DIR overrides.
 */
export function workerFile(name: string): string {
  const override = process.env.BARCAT_WORKER_DIR;
  if (override) return path.join(override, `${name}.js`);
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'out', 'node', 'workers', `${name}.js`);
    if (existsSync(candidate)) return candidate;
    if (path.basename(dir) === 'node' && existsSync(path.join(dir, 'workers', `${name}.js`)))
      return path.join(dir, 'workers', `${name}.js`);
    dir = path.dirname(dir);
  }
  throw new Error(`worker "${name}" is not built; run "npm run build:node"`);
}

/** workerFile(name) when that file is there, else undefined (the caller then works in-thread). */
export function builtWorkerFile(name: string): string | undefined {
  let file: string;
  try {
    file = workerFile(name);
  } catch {
    return undefined;
  }
  // BARCAT_WORKER_DIR names a folder without checking it: a missing file also means not built.
  return existsSync(file) ? file : undefined;
}

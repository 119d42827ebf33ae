// Bundles the Node side (CLI, web host, worker entries) into out/node with esbuild: the CLI then
// starts without a TypeScript loader, and worker threads get plain .js files to load.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function nodeEntries() {
  const entries = { barcat: 'src-main/cli/bin.ts' };
  if (existsSync(path.join(root, 'src-main/web/serve.ts'))) entries.serve = 'src-main/web/serve.ts';
  const workersDir = path.join(root, 'src-main/workers');
  if (existsSync(workersDir)) {
    for (const f of readdirSync(workersDir)) {
      const m = /^(.*)\.worker\.ts$/.exec(f);
      if (m) entries[`workers/${m[1]}`] = `src-main/workers/${f}`;
    }
  }
  return entries;
}

export async function buildNode({ quiet = false } = {}) {
  const esbuild = await import('esbuild');
  const entries = nodeEntries();
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: 'out/node',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    outExtension: { '.js': '.js' },
  });
  if (!quiet) console.log(`built ${Object.keys(entries).length} node entries into out/node`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildNode();
}

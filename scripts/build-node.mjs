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

// Worker threads load apache-arrow each time one starts: its ~300 ES module files cost 150-200 ms,
// bundled into the worker file about 50 ms. Every other package stays external.
const bundleArrowInWorkers = {
  name: 'bundle-apache-arrow',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path === 'apache-arrow' ||
      args.path.startsWith('apache-arrow/') ||
      args.path.startsWith('flatbuffers')
        ? undefined
        : { path: args.path, external: true },
    );
  },
};

// The CLI and web host bundle zod: loading its ~100 ES module files one by one cost more at start-up
// than parsing them in one file. Heavy packages (apache-arrow, parquet-wasm) stay external, loaded lazily.
const bundleZod = {
  name: 'bundle-zod',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path === 'zod' || args.path.startsWith('zod/') ? undefined : { path: args.path, external: true },
    );
  },
};

export async function buildNode({ quiet = false } = {}) {
  const esbuild = await import('esbuild');
  const entries = nodeEntries();
  const common = {
    absWorkingDir: root,
    outdir: 'out/node',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'warning',
    outExtension: { '.js': '.js' },
  };
  const pick = (worker) =>
    Object.fromEntries(Object.entries(entries).filter(([name]) => name.startsWith('workers/') === worker));
  await esbuild.build({ ...common, entryPoints: pick(false), plugins: [bundleZod] });
  await esbuild.build({ ...common, entryPoints: pick(true), plugins: [bundleArrowInWorkers] });
  if (!quiet) console.log(`built ${Object.keys(entries).length} node entries into out/node`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildNode();
}

// Bundles the Node side (CLI, web host, worker entries) into out/node with esbuild: the CLI then
// starts without a TypeScript loader, and worker threads get plain .js files to load.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function nodeEntries() {
  const entries = { barcat: 'src-main/hosts/cli/bin.ts' };
  if (existsSync(path.join(root, 'src-main/hosts/web/main.ts'))) entries.serve = 'src-main/hosts/web/main.ts';
  const workersDir = path.join(root, 'src-main/hosts/workers');
  if (existsSync(workersDir)) {
    for (const f of readdirSync(workersDir)) {
      const m = /^(.*)\.worker\.ts$/.exec(f);
      if (m) entries[`workers/${m[1]}`] = `src-main/hosts/workers/${f}`;
    }
  }
  return entries;
}

// zod is bundled into every entry: loading its ~100 ES module files one by one cost more at start-up
// (of the CLI, and of each worker thread) than parsing them in one file. Every other package stays
// external; apache-arrow and parquet-wasm are loaded lazily (src-main/engines/catalog/parquet/libs.ts).
// zod's index of message languages resolves to English alone (scripts/zod-locales-en.mjs): start-up
// then parses half of zod. hyparquet (the JavaScript decoder of small reads, engines/catalog/parquet/
// js-decode.ts) is bundled too: one chunk instead of ~40 files, only the codecs it uses.
const BUNDLED = ['zod', 'hyparquet', 'hyparquet-compressors'];
const ENGLISH_ONLY = path.join(root, 'scripts/zod-locales-en.mjs');
const bundleSome = {
  name: 'bundle-zod-hyparquet',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: ENGLISH_ONLY } : undefined,
    );
    build.onResolve({ filter: /^[^./]/ }, (args) =>
      BUNDLED.some((p) => args.path === p || args.path.startsWith(`${p}/`))
        ? undefined
        : { path: args.path, external: true },
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
    // One chunk per lazily imported module: a command parses only the code it runs (the CLI's
    // `list` no longer compiles the 1.5 MB of import, export, backfill and provider code).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
  };
  await esbuild.build({ ...common, entryPoints: entries, plugins: [bundleSome] });
  if (!quiet) console.log(`built ${Object.keys(entries).length} node entries into out/node`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildNode();
}

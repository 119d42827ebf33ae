import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createCore } from '../../app/create-core';
import { defaultCatalogDir, startupCatalog } from '../cli/paths';
import { newToken } from './auth';
import { startWebHost } from './server';

/** settings.json lives next to the default catalog, whichever catalog is open (jobs live in their catalog). */
function userDataDir(): string {
  return path.dirname(defaultCatalogDir({ ...process.env, BARCAT_CATALOG: undefined }));
}

// Entry of `npm run serve` (bundled to out/node/serve.js): the app in a browser, on loopback only.
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      catalog: { type: 'string' },
      create: { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      renderer: { type: 'string' },
      exports: { type: 'string' },
      catalogs: { type: 'string' },
    },
  });
  const catalog = startupCatalog(values.catalog, values.create, process.env);
  const here = path.dirname(fileURLToPath(import.meta.url));
  const rendererDir = values.renderer ? path.resolve(values.renderer) : path.resolve(here, '..', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    console.error(
      `the renderer is not built (${rendererDir}); run "npx electron-vite build" or "npm run serve"`,
    );
    return 2;
  }
  const uploadDir = mkdtempSync(path.join(os.tmpdir(), 'barcat-upload-'));
  // /metrics' own read-only token, new at each start: a scrape config never holds the session token.
  const metricsToken = newToken();
  const dataDir = values['data-dir'] ? path.resolve(values['data-dir']) : userDataDir();
  // The one folder a page may export into (--exports, else DATA_DIR/exports).
  const exportDir = path.resolve(values.exports ?? path.join(dataDir, 'exports'));
  mkdirSync(exportDir, { recursive: true });
  // The one folder a page may create and open catalogs in (--catalogs, else a catalogs folder in Barcat's
  // own data folder): never the data folder itself (settings, exports), nor BARCAT_CATALOG's parent,
  // which may be the whole home folder. The startup catalog may be opened again wherever it is.
  const catalogsRoot = path.resolve(values.catalogs ?? path.join(userDataDir(), 'catalogs'));
  mkdirSync(catalogsRoot, { recursive: true });
  const core = await createCore({
    catalogDir: catalog.dir,
    create: catalog.create,
    howToCreate: catalog.howToCreate,
    dataDir,
    uploadDir,
    exportDir,
    catalogsRoot,
    webMetricsToken: metricsToken,
  });
  const host = await startWebHost({
    core,
    rendererDir,
    uploadDir,
    host: values.host,
    port: Number(values.port),
    token: process.env.BARCAT_TOKEN || newToken(),
    metricsToken,
  });
  console.log(`Barcat catalog: ${catalog.dir}`);
  console.log(`Exports go inside ${exportDir}`);
  console.log(`Catalogs are created and opened inside ${catalogsRoot}`);
  console.log(`Barcat is running at ${host.url}`);
  console.log(`Prometheus: ${new URL(host.url).origin}/metrics with Authorization: Bearer ${metricsToken}`);
  const stop = async () => {
    await host.close();
    await core.close();
    rmSync(uploadDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  return -1;
}

main().then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`barcat web host could not start: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);

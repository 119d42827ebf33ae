import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type ProviderServer, startProviderServer } from '../helpers/provider-server/index';
import type { ProviderServerOptions } from '../helpers/provider-server/types';
import { tempDirAll } from '../main/catalog/helpers';
import { buildApp } from './build';
import { type AppHandle, launchApp } from './launch';

/**
 * The app on a fresh catalog in a temp folder, for the whole file (closed and removed after it); `seed`
 * fills the catalog before the app starts. Read the app inside tests.
 */
export function appOnTempCatalog(
  prefix: string,
  seed?: (catalogDir: string, dir: string) => Promise<void>,
  launch: {
    /** Exports anywhere in the temp folder (the web host refuses folders outside its exports folder). */
    exportsInTemp?: boolean;
  } = {},
): () => AppHandle {
  // Registered first: the folder is made before the app starts and removed after it closes.
  const folder = tempDirAll(prefix);
  let app: AppHandle | undefined;
  beforeAll(async () => {
    buildApp();
    const dir = folder();
    const catalogDir = path.join(dir, 'catalog');
    await seed?.(catalogDir, dir);
    app = await launchApp({ catalogDir, dataDir: dir, ...(launch.exportsInTemp ? { exportsDir: dir } : {}) });
  });
  afterAll(async () => {
    await app?.close();
  });
  return () => app as AppHandle;
}

/**
 * A server `start`ed for the whole file (closed after it). Call it before appOnTempCatalog: it starts
 * before the app's seed runs and, as after-hooks run as a stack, closes after the app. Read it inside
 * hooks and tests.
 */
export function serverForFile<S extends { close(): Promise<unknown> }>(start: () => Promise<S>): () => S {
  let server: S | undefined;
  beforeAll(async () => {
    server = await start();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => server as S;
}

/** A provider stand-in for the whole file (serverForFile): call it before appOnTempCatalog. */
export function standInForFile(opts: ProviderServerOptions = {}): () => ProviderServer {
  return serverForFile(() => startProviderServer(opts));
}

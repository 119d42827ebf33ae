import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../src-main/hosts/web/server';
import { tempDirAll } from '../../main/catalog/helpers';

/**
 * A web host as `barcat serve` runs it (its core told of the upload folder) on a catalog in a temp
 * folder, for the whole file: `dir()` holds `renderer` (empty: the file writes the pages it needs) and
 * `uploads`; read them, and `port()`, inside hooks and tests (the folder is made in beforeAll, so
 * collecting the file leaves nothing behind). The host and its core are closed, and the folder removed, after.
 */
export function webHostAll(prefix: string, opts: Pick<WebHostOptions, 'token' | 'maxUploadBytes'>) {
  const dir = tempDirAll(prefix);
  const uploads = () => path.join(dir(), 'uploads');
  const rendererDir = () => path.join(dir(), 'renderer');
  let core: Core | undefined;
  let host: WebHost | undefined;
  beforeAll(async () => {
    mkdirSync(rendererDir(), { recursive: true });
    core = await createCore({ catalogDir: path.join(dir(), 'catalog'), dataDir: null, uploadDir: uploads() });
    host = await startWebHost({ core, rendererDir: rendererDir(), uploadDir: uploads(), ...opts });
  });
  // A host that failed to start still leaves its core to close.
  afterAll(async () => {
    await host?.close();
    await core?.close();
  });
  return { dir, uploads, rendererDir, port: () => host!.port };
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Core, createCore } from '../../../src-main/app/create-core';
import { startupCatalog } from '../../../src-main/hosts/cli/paths';
import { tempDirEach } from '../../main/catalog/helpers';

let dir: string;
const tmp = tempDirEach('barcat-cat-');
let core: Core | undefined;

beforeEach(() => {
  dir = tmp();
});
afterEach(async () => {
  await core?.close();
  core = undefined;
});

// The same steps as the web host and the Electron shell: startupCatalog picks, createCore opens.
function start(named: string | undefined, create: boolean, env: NodeJS.ProcessEnv): Promise<Core> {
  const c = startupCatalog(named, create, env);
  return createCore({ catalogDir: c.dir, create: c.create, howToCreate: c.howToCreate, dataDir: null });
}

describe('the catalog a host opens at start', () => {
  it('refuses a mistyped --catalog folder instead of creating it', async () => {
    const typo = path.join(dir, 'my-catalgo');
    await expect(start(typo, false, {})).rejects.toThrow(
      `there is no folder ${typo}; check the path, or start with --create to create one`,
    );
    expect(existsSync(typo)).toBe(false);
  });

  it('refuses a BARCAT_CATALOG folder that holds no catalog', async () => {
    await expect(start(undefined, false, { BARCAT_CATALOG: dir })).rejects.toThrow(
      `${dir} is not a Barcat catalog (it has no catalog.json); check the path, or start with --create to create one there`,
    );
    expect(existsSync(path.join(dir, 'catalog.json'))).toBe(false);
  });

  it('creates a named folder with --create', async () => {
    const named = path.join(dir, 'new');
    core = await start(named, true, {});
    expect(core.catalog().dir).toBe(named);
    expect(existsSync(path.join(named, 'catalog.json'))).toBe(true);
  });

  it.runIf(process.platform === 'linux')('creates the default folder on first start', async () => {
    core = await start(undefined, false, { XDG_DATA_HOME: dir });
    expect(core.catalog().dir).toBe(path.join(dir, 'barcat', 'catalog'));
    expect(existsSync(path.join(dir, 'barcat', 'catalog', 'catalog.json'))).toBe(true);
  });
});

import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { editSharedSettings, readSharedSettings } from '../../../src-main/engines/schedule/settings-file';
import { tempDirEach } from '../catalog/helpers';

const tmp = tempDirEach('barcat-settings-file-');
let dir: string;
let catalog: string;
beforeEach(() => {
  dir = tmp();
  catalog = path.join(dir, 'catalog');
  mkdirSync(catalog);
});

describe('the shared settings file stays inside the catalog', () => {
  it('refuses a settings file linked out of the catalog', async () => {
    writeFileSync(path.join(dir, 'elsewhere.json'), '{}');
    symlinkSync(path.join(dir, 'elsewhere.json'), path.join(catalog, 'barcat-settings.json'));
    await expect(readSharedSettings(catalog)).rejects.toThrow(
      /barcat-settings\.json resolves to .*elsewhere\.json, outside the catalog/,
    );
  });

  it('refuses a lock linked out of the catalog', async () => {
    symlinkSync(path.join(dir, 'lock-elsewhere'), path.join(catalog, 'barcat-settings.json.lock'));
    await expect(editSharedSettings(catalog, () => {})).rejects.toThrow(
      /barcat-settings\.json\.lock resolves to .*lock-elsewhere, outside the catalog/,
    );
  });

  it('reads empty settings when the catalog folder does not exist yet', async () => {
    expect((await readSharedSettings(path.join(dir, 'none'))).schedules).toEqual([]);
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalogFolder, openCatalog } from '../../../../src-main/engines/catalog/index';
import { tempDirEach } from '../helpers';

// The one decision whether a folder may be opened as a catalog: the app's Open/New catalog and
// openCatalog (the CLI, workers) both ask it, and each words the reason its own way.

const dir = tempDirEach('barcat-folder-check-');

/** A plain file and a folder of someone else's files, where a catalog might be asked for. */
function fileAndForeign() {
  const file = path.join(dir(), 'a-file');
  writeFileSync(file, '');
  const foreign = path.join(dir(), 'photos');
  mkdirSync(foreign);
  writeFileSync(path.join(foreign, 'x.jpg'), '');
  return { file, foreign };
}

describe('checkCatalogFolder', () => {
  it('gives each reason code with its facts, by create', async () => {
    const { file, foreign } = fileAndForeign();
    const empty = path.join(dir(), 'empty');
    mkdirSync(empty);
    const missing = path.join(dir(), 'missing', 'deeper');
    const catalog = path.join(dir(), 'cat');
    await (await openCatalog(catalog, { create: true })).close();

    expect(await checkCatalogFolder('rel/cat', true)).toEqual({
      ok: false,
      reason: 'relative_path',
      dir: 'rel/cat',
    });
    for (const create of [true, false, undefined])
      expect(await checkCatalogFolder(path.join(file, 'cat'), create)).toEqual({
        ok: false,
        reason: 'not_a_folder',
        dir: path.join(file, 'cat'),
        file,
      });
    const refusals = [
      [missing, false, 'no_such_folder'],
      [empty, false, 'not_a_catalog'],
      [foreign, false, 'not_a_catalog'],
      [foreign, undefined, 'foreign_content'],
    ] as const;
    for (const [folder, create, reason] of refusals)
      expect(await checkCatalogFolder(folder, create)).toEqual({ ok: false, reason, dir: folder });
    const allowed = [
      [foreign, true, ['x.jpg']],
      [missing, undefined, []],
    ] as const;
    for (const [folder, create, entries] of allowed)
      expect(await checkCatalogFolder(folder, create)).toEqual({
        ok: true,
        dir: folder,
        entries,
        isCatalog: false,
      });
    const opened = await checkCatalogFolder(catalog, false);
    expect(opened.ok && opened.isCatalog).toBe(true);
  });

  it('openCatalog refuses by the same codes, in the words the CLI prints', async () => {
    const { file, foreign } = fileAndForeign();
    await expect(
      openCatalog(path.join(dir(), 'typo'), { create: false, missingHint: 'run with --create' }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: `no catalog at ${path.join(dir(), 'typo')}: run with --create`,
      details: { reason: 'no_catalog', dir: path.join(dir(), 'typo') },
    });
    await expect(openCatalog(foreign)).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: `folder ${foreign} is not a Barcat catalog (no catalog.json); choose an empty folder or an existing catalog`,
    });
    await expect(openCatalog(path.join(file, 'cat'), { create: true })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: `${path.join(file, 'cat')}: part of this path is a file, not a folder (ENOTDIR); check the path`,
      details: { reason: 'fs', errno: 'ENOTDIR', path: path.join(file, 'cat') },
    });
  });
});

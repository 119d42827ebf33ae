import path from 'node:path';
import { afterAll } from 'vitest';
import { tempDir } from '../main/catalog/helpers';

/**
 * A temp folder for the whole test file: made at once (so the file's constants can name paths in it),
 * removed after its last test; `catalogDir` is the catalog folder inside it that the tests open.
 */
export function fileTempDir(prefix: string): { dir: string; catalogDir: string } {
  const { dir, cleanup } = tempDir(prefix);
  afterAll(cleanup);
  return { dir, catalogDir: path.join(dir, 'cat') };
}

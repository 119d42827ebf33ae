import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { siblingFolderCycles } from '../helpers/folder-graph';

const REPO = path.resolve(import.meta.dirname, '../..');

describe('folder structure', () => {
  it('has no import cycle between sibling folders of src-main, src-shared and src-renderer', () => {
    const cycles = siblingFolderCycles(REPO);
    const report = cycles
      .map((c) => `cycle: ${c.folders.join(' <-> ')}\n${c.imports.map((i) => `    ${i}`).join('\n')}`)
      .join('\n');
    expect(
      cycles.map((c) => c.folders),
      `move the shared file to where both sides belong:\n${report}`,
    ).toEqual([]);
  });
});

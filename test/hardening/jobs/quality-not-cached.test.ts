import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirEach } from '../../main/catalog/helpers';
import { catalogWith, SERIES } from '../fixture';
import { barcat } from '../import-cli';

// barcat quality only reads the catalog: its stored results are a cache, so failing to store them
// warns on stderr and the findings are still printed.

const tmp = tempDirEach('barcat-hard-quality-');

describe('barcat quality with quality/ unwritable', () => {
  it('prints the findings, warns that the results were not saved, and leaves the file alone', async () => {
    const cat = await catalogWith(tmp());
    const blocker = path.join(cat, 'quality');
    writeFileSync(blocker, 'not a folder');
    const r = await barcat(['quality', SERIES, '--catalog', cat], tmp());
    expect(r.stdout).toBe(`${SERIES} (calendar 24x7, crypto defaults): clean\n`);
    expect(r.stderr).toBe(
      `barcat: warning: the quality results of ${SERIES} were not saved (EEXIST: file already exists, mkdir '${blocker}')\n`,
    );
    expect(r.code).toBe(0);
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
  });
});

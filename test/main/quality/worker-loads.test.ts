// What a quality worker loads to start: every `barcat quality` of a large series starts one per core,
// and each compiled the whole catalog and quality engines (52 files, 925 KB) before its first piece.
// Proved on the built worker (out/node/workers/quality.js): the files its static imports reach,
// mapped back to their sources through the source maps (deterministic, where a timed test is not).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../catalog/helpers';

const ENTRY = path.join(repoRoot, 'out/node/workers/quality.js');

/** Sources (repo-relative) of the bundle files reached from `entry` by static imports. */
function staticSources(entry: string): string[] {
  const seen = new Set<string>();
  const sources = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    for (const s of map.sources) sources.add(path.relative(repoRoot, path.resolve(path.dirname(file), s)));
    // esbuild writes static imports of its chunks as `from "./x.js"` or `import "./x.js"` lines.
    for (const m of readFileSync(file, 'utf8').matchAll(
      /^(?:import|export)\b[^;]*?["'](\.{1,2}\/[^"']+)["']/gm,
    ))
      visit(path.resolve(path.dirname(file), m[1]!));
  };
  visit(entry);
  return [...sources];
}

describe('what a quality worker loads to start', () => {
  it('the read path and the checks, not the catalog or quality engine behind their index files', () => {
    expect(existsSync(ENTRY)).toBe(true);
    const loaded = staticSources(ENTRY);
    // What it runs: one piece read straight into columns and checked.
    expect(loaded).toEqual(
      expect.arrayContaining([
        'src-main/engines/quality/check-piece.ts',
        'src-main/engines/quality/checks/check-spikes.ts',
        'src-main/engines/catalog/read/batch-read.ts',
        'src-main/engines/catalog/parquet/ffi-decode.ts',
      ]),
    );
    // Not what the engines' public doors (their index.ts) load besides: opening a catalog, writes,
    // ticks, history, fixes, relabels, every command's schemas.
    for (const heavy of [
      'src-main/engines/catalog/open.ts',
      // The refresh sends each piece its partition entries: no manifest read, nor its schema, here.
      'src-main/engines/catalog/disk/manifest.ts',
      'src-main/engines/catalog/read/query.ts',
      'src-main/engines/catalog/history/undo.ts',
      'src-main/engines/catalog/write/write.ts',
      'src-main/engines/catalog/ticks/tick-store.ts',
      'src-main/engines/quality/fixes/actions.ts',
      'src-main/engines/quality/relabel-timeframe.ts',
      'src-shared/contract.ts',
    ])
      expect(loaded).not.toContain(heavy);
  });
});

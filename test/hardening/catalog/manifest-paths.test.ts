import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src-main/plumbing/sha256';
import { cli } from '../../main/catalog/cli-io';
import { tempDirEach } from '../../main/catalog/helpers';
import { catalogWith, editManifest, MANIFEST, SERIES, SERIES_DIR, snapshot } from '../fixture';

// Issue 12, item 1: paths built from catalog content never lead out of the catalog.
describe('a manifest or a link cannot point outside the catalog', () => {
  const dir = tempDirEach('barcat-paths-');
  let cat: string;
  const OUTSIDE = 'outside.txt';
  beforeEach(async () => {
    cat = await catalogWith(dir());
    writeFileSync(path.join(dir(), OUTSIDE), 'not yours\n');
  });

  /** Everything beside the catalog, to prove it is neither read into results, moved nor written. */
  const outside = () => {
    const all = snapshot(dir());
    return Object.fromEntries(Object.entries(all).filter(([p]) => !p.startsWith(`cat${path.sep}`)));
  };

  it('refuses a partition file name that climbs out, in verify and query', async () => {
    const bytes = readFileSync(path.join(dir(), OUTSIDE));
    editManifest(cat, (m) => {
      const [p] = m.partitions as Record<string, unknown>[];
      Object.assign(p!, { file: `../../../../../${OUTSIDE}`, sha256: sha256Hex(bytes), bytes: bytes.length });
    });
    const before = outside();
    const manifest = path.join(cat, MANIFEST);
    const invalid = `manifest ${manifest} is invalid at partitions.0.file: is not a partition file name (like 2024-01.v3.parquet); run "barcat rebuild" to recreate it`;
    const v = await cli(['verify', '--catalog', cat]);
    expect(v).toMatchObject({ code: 1, stderr: '' });
    expect(v.stdout).toBe(
      `0 partitions checked, 0 ok, 0 quarantined\nbad manifest or entry: ${manifest}: ${invalid}\n`,
    );
    const q = await cli(['query', SERIES, '--catalog', cat]);
    expect(q).toMatchObject({ code: 1, stdout: '', stderr: `barcat: ${invalid}\n` });
    expect(outside()).toEqual(before);
    expect(existsSync(path.join(cat, '.quarantine'))).toBe(false);
  });

  it('refuses a venue or symbol that climbs out', async () => {
    for (const [field, value, problem] of [
      ['venue', '../../../..', 'venue "../../../.." contains ".."'],
      ['symbol', '..', 'symbol ".." contains ".."'],
    ] as const) {
      editManifest(cat, (m) => {
        m[field] = value;
      });
      const q = await cli(['query', SERIES, '--catalog', cat]);
      expect(q.code).toBe(1);
      expect(q.stderr).toBe(
        `barcat: manifest ${path.join(cat, MANIFEST)} is invalid at ${field}: ${problem}; run "barcat rebuild" to recreate it\n`,
      );
      editManifest(cat, (m) => {
        m[field] = field === 'venue' ? 'BINANCE' : 'BTCUSDT';
      });
    }
    expect((await cli(['verify', '--catalog', cat])).code).toBe(0);
  });

  it('never follows a series folder linked out of the catalog', async () => {
    const venueDir = path.join(cat, 'bars', 'venue=BINANCE');
    const moved = path.join(dir(), 'elsewhere', 'venue=BINANCE');
    mkdirSync(path.dirname(moved));
    renameSync(venueDir, moved);
    symlinkSync(moved, venueDir);
    const before = outside();
    const seriesDir = path.join(cat, SERIES_DIR);
    const realDir = path.join(moved, 'symbol=BTCUSDT', 'timeframe=1m');
    const refusal = (p: string, real: string) =>
      `${p} resolves to ${real}, outside the catalog ${cat}; Barcat never follows a path out of its catalog: remove that link or entry, then run "barcat rebuild"`;
    const q = await cli(['query', SERIES, '--catalog', cat]);
    expect(q).toMatchObject({ code: 1, stdout: '' });
    expect(q.stderr).toBe(
      `barcat: ${refusal(path.join(seriesDir, '2024-03.v1.parquet'), path.join(realDir, '2024-03.v1.parquet'))}\n`,
    );
    const v = await cli(['verify', '--catalog', cat]);
    expect(v).toMatchObject({ code: 1, stderr: '' });
    expect(v.stdout).toBe(
      `0 partitions checked, 0 ok, 0 quarantined\nbad manifest or entry: series folder: ${refusal(venueDir, moved)}\n`,
    );
    const w = await cli(['write', SERIES, '--mode', 'merge', '-', '--catalog', cat], {
      stdin: 'ts,open,high,low,close,volume\n2024-03-02T00:00:00Z,1,2,0.5,1.5,10\n',
    });
    expect(w).toMatchObject({ code: 1, stderr: `barcat: ${refusal(seriesDir, realDir)}\n` });
    const r = await cli(['rebuild', '--catalog', cat]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(
      `rebuilt 1 manifests for 0 series (0 partitions)\nnot entered: ${refusal(venueDir, moved)}\n`,
    );
    expect(outside()).toEqual(before);
  });

  it('never reads a partition file linked out of the catalog', async () => {
    const file = path.join(cat, SERIES_DIR, '2024-03.v1.parquet');
    const copy = path.join(dir(), 'copy.parquet');
    renameSync(file, copy);
    symlinkSync(copy, file);
    const before = outside();
    const refusal = `${file} resolves to ${copy}, outside the catalog ${cat}; Barcat never follows a path out of its catalog: remove that link or entry, then run "barcat rebuild"`;
    const q = await cli(['query', SERIES, '--catalog', cat]);
    expect(q).toMatchObject({ code: 1, stdout: '', stderr: `barcat: ${refusal}\n` });
    const v = await cli(['verify', '--catalog', cat]);
    expect(v.code).toBe(1);
    expect(v.stdout).toBe(
      `1 partitions checked, 0 ok, 0 quarantined\nbad manifest or entry: ${path.join(cat, MANIFEST)}: partition 2024-03.v1.parquet: ${refusal}\n`,
    );
    const r = await cli(['rebuild', '--catalog', cat]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`rebuilt 1 manifests for 1 series (0 partitions)\nnot entered: ${refusal}\n`);
    expect(outside()).toEqual(before);
  });

  it('reports a loop of links as CORRUPT instead of failing', async () => {
    const venueDir = path.join(cat, 'bars', 'venue=BINANCE');
    rmSync(venueDir, { recursive: true });
    symlinkSync(venueDir, venueDir);
    const loop = (p: string) =>
      `${p} is a loop of symbolic links; remove that link, then run "barcat rebuild"`;
    const v = await cli(['verify', '--catalog', cat]);
    expect(v).toMatchObject({ code: 1, stderr: '' });
    expect(v.stdout).toBe(
      `0 partitions checked, 0 ok, 0 quarantined\nbad manifest or entry: series folder: ${loop(venueDir)}\n`,
    );
    const q = await cli(['query', SERIES, '--catalog', cat]);
    expect(q).toMatchObject({
      code: 1,
      stderr: `barcat: ${path.join(cat, SERIES_DIR, '2024-03.v1.parquet')} is a loop of symbolic links; remove that link, then run "barcat rebuild"\n`,
    });
  });

  it('never moves a file out through a linked .quarantine folder', async () => {
    const file = path.join(cat, SERIES_DIR, '2024-03.v1.parquet');
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0xff;
    writeFileSync(file, bytes);
    mkdirSync(path.join(dir(), 'q'));
    symlinkSync(path.join(dir(), 'q'), path.join(cat, '.quarantine'));
    const before = outside();
    const target = path.join('.quarantine', SERIES_DIR, '2024-03.v1.parquet');
    const v = await cli(['verify', '--catalog', cat]);
    expect(v).toMatchObject({ code: 1, stdout: '' });
    expect(v.stderr).toBe(
      `barcat: ${path.join(cat, target)} resolves to ${path.join(dir(), 'q', SERIES_DIR, '2024-03.v1.parquet')}, outside the catalog ${cat}; Barcat never follows a path out of its catalog: remove that link or entry, then run "barcat rebuild"\n`,
    );
    expect(readFileSync(file)).toEqual(bytes);
    expect(outside()).toEqual(before);
  });

  it('never reads or writes manifests through a linked manifests folder', async () => {
    const moved = path.join(dir(), 'm');
    renameSync(path.join(cat, 'manifests'), moved);
    symlinkSync(moved, path.join(cat, 'manifests'));
    const before = outside();
    const refusal = (p: string) =>
      `${path.join(cat, 'manifests', p)} resolves to ${path.join(moved, p)}, outside the catalog ${cat}; Barcat never follows a path out of its catalog: remove that link or entry, then run "barcat rebuild"`;
    expect(await cli(['list', '--catalog', cat])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `barcat: ${refusal('')}\n`,
    });
    const manifestFile = path.basename(MANIFEST);
    expect(await cli(['query', SERIES, '--catalog', cat])).toMatchObject({
      code: 1,
      stderr: `barcat: ${refusal(manifestFile)}\n`,
    });
    const w = await cli(['write', SERIES, '--mode', 'merge', '-', '--catalog', cat], {
      stdin: 'ts,open,high,low,close,volume\n2024-03-02T00:00:00Z,1,2,0.5,1.5,10\n',
    });
    expect(w).toMatchObject({ code: 1, stderr: `barcat: ${refusal(manifestFile)}\n` });
    expect(await cli(['verify', '--catalog', cat])).toMatchObject({
      code: 1,
      stdout: `0 partitions checked, 0 ok, 0 quarantined\nbad manifest or entry: manifests folder: ${refusal('')}\n`,
    });
    expect(outside()).toEqual(before);
  });
});

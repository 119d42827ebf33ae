import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ImportFileResult } from '../../../../src-shared/domain/import';
import { BarcatError } from '../../../plumbing/errors';
import { memberLabel, relabelResult } from '../files/member-label';
import { isZipArchive, removeUnzipped, unzipArchive } from '../files/zip-archive';
import { compileNamePattern, factsFromFileName, factsFromPattern } from '../read/file-name';
import { checkRegularFile } from '../read/read-file';

const DATA_EXT = /\.(csv|txt|tsv|zip)$/i;

export interface Discovered {
  file: string;
  bytes: number;
  /** Left out by the year/month filter (reported, not read). */
  filtered: boolean;
  /** A zip archive that cannot be imported (bad checksum, too large, no CSV): why. */
  refusal?: string;
  /**
   * A member of a zip archive: the archive, the temporary folder it was unpacked to, and the name
   * shown for it instead of its temporary path (`A.zip › A.csv`, see member-label.ts).
   */
  archive?: { zip: string; dir: string; label: string };
}

/** A discovered file's result, named as the user knows it (an archive member by its label). */
export function shownResult(f: Discovered, r: ImportFileResult): ImportFileResult {
  return f.archive ? relabelResult(r, f.file, f.archive.label) : r;
}

export interface DiscoverOptions {
  namePattern?: string;
  years?: [number, number];
  months?: [number, number];
  /** Most bytes one zip archive may unpack to (default 4 GiB). */
  maxUnzippedBytes?: number;
  signal?: AbortSignal;
}

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) await walk(p, out);
    else if (e.isFile() && DATA_EXT.test(e.name)) out.push(p);
  }
}

function wildcard(p: string): RegExp {
  return new RegExp(
    `^${p
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
}

/**
 * The files named by `paths`: files as given, folders walked for .csv/.txt/.tsv/.zip (sorted, hidden
 * entries skipped), simple globs (`dir/*.csv`) matched in their folder. Zip archives stay whole.
 */
export async function expandPaths(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    if (/[*?]/.test(path.basename(p))) {
      const dir = path.dirname(p);
      const re = wildcard(path.basename(p));
      const names = await fs.readdir(dir).catch(() => {
        throw new BarcatError('BAD_INPUT', `cannot read folder ${dir}; check the path`);
      });
      for (const n of names.sort()) if (re.test(n)) files.push(path.join(dir, n));
      continue;
    }
    let st: import('node:fs').Stats;
    try {
      st = await fs.stat(p);
    } catch {
      throw new BarcatError('BAD_INPUT', `cannot read ${p}: no such file or folder`);
    }
    if (st.isDirectory()) await walk(p, files);
    else files.push(p);
  }
  return files;
}

/**
 * Expands files, folders (walked for .csv/.txt/.tsv/.zip), simple globs (`dir/*.csv`) and zip
 * archives (their CSV members unpacked; see zip-archive.ts) into files, marking those whose name
 * falls outside the year/month filters. The caller removes the unpacked members (removeDiscovered).
 */
export async function discoverFiles(paths: string[], opts: DiscoverOptions = {}): Promise<Discovered[]> {
  const files = await expandPaths(paths);
  const pattern = opts.namePattern ? compileNamePattern(opts.namePattern) : undefined;
  const out: Discovered[] = [];
  const add = (file: string, bytes: number, archive?: Discovered['archive']) => {
    const base = path.basename(file);
    const facts = (pattern && factsFromPattern(base, pattern)) || factsFromFileName(base);
    let filtered = false;
    if (opts.years && facts.year !== undefined)
      filtered ||= facts.year < opts.years[0] || facts.year > opts.years[1];
    if (opts.months && facts.month !== undefined)
      filtered ||= facts.month < opts.months[0] || facts.month > opts.months[1];
    if (pattern && !pattern.test(base)) filtered = true;
    out.push(archive ? { file, bytes, filtered, archive } : { file, bytes, filtered });
  };
  try {
    for (const file of [...new Set(files.map((f) => path.resolve(f)))]) {
      await checkRegularFile(file);
      const st = await fs.stat(file);
      if (!(await isZipArchive(file))) {
        add(file, st.size);
        continue;
      }
      try {
        const un = await unzipArchive(file, { maxBytes: opts.maxUnzippedBytes, signal: opts.signal });
        for (const m of un.members)
          add(m.file, m.bytes, { zip: file, dir: un.dir, label: memberLabel(file, m.name) });
      } catch (err) {
        if (!(err instanceof BarcatError)) throw err;
        out.push({ file, bytes: st.size, filtered: false, refusal: err.message });
      }
    }
  } catch (err) {
    await removeDiscovered(out);
    throw err;
  }
  return out;
}

/** Removes the temporary folders of unpacked zip members. */
export async function removeDiscovered(found: readonly Discovered[]): Promise<void> {
  for (const dir of new Set(found.flatMap((f) => (f.archive ? [f.archive.dir] : []))))
    await removeUnzipped(dir);
}

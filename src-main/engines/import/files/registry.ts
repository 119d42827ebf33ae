import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ImportFileStatus } from '../../../../src-shared/domain/import';
import { sha256Hex } from '../../../plumbing/sha256';
import { catalogPath, crashPoint } from '../../catalog/index';
import { fileChunks } from '../parse/file-chunks';

export const REGISTRY_FILE = 'import-registry.json';

/** One imported file: what was read, how, into which series, with what result. */
export interface RegistryEntry {
  key: string;
  sha256: string;
  size: number;
  file: string;
  series: string;
  /** The mapping and conventions used (delimiter, columns, tz, end stamps, date order). */
  mapping: Record<string, unknown>;
  /** `partial`: a sliced import of a huge file stopped after `slicesDone` slices were written. */
  status: ImportFileStatus | 'partial';
  slicesDone?: number;
  rowsWritten: number;
  firstBar: number | null;
  lastBar: number | null;
  importedAt: string;
  sessionId: string;
}

interface RegistryFile {
  version: 1;
  entries: Record<string, RegistryEntry>;
}

/** Files hashed since start-up (tests check a file is hashed once per import). */
export const hashStats = { files: 0 };

export async function hashFile(file: string, signal?: AbortSignal): Promise<string> {
  hashStats.files++;
  const h = createHash('sha256');
  for await (const chunk of fileChunks(file, { signal })) h.update(chunk);
  return h.digest('hex');
}

/** Same bytes into the same series with the same conventions: the import would change nothing. */
export function registryKey(sha256: string, series: string, mapping: Record<string, unknown>): string {
  return sha256Hex(`${sha256}|${series}|${JSON.stringify(mapping)}`).slice(0, 32);
}

/** The message of a file whose import would change nothing; the same wherever that is found. */
export function unchangedMessage(file: string, series: string, importedAt: string): string {
  return `${path.basename(file)} was already imported into ${series} on ${importedAt} (same bytes, same mapping); nothing to do (use --force to import again)`;
}

/** The idempotency registry in CATALOG/import-registry.json, rewritten atomically. */
export class ImportRegistry {
  private data: RegistryFile = { version: 1, entries: {} };

  private constructor(private readonly file: string) {}

  static async open(catalogDir: string): Promise<ImportRegistry> {
    const r = new ImportRegistry(catalogPath(catalogDir, REGISTRY_FILE));
    try {
      const parsed = JSON.parse(await fs.readFile(r.file, 'utf8')) as RegistryFile;
      if (parsed.version === 1 && parsed.entries) r.data = parsed;
    } catch {
      // Missing or unreadable: start empty; the worst case is one import done again.
    }
    return r;
  }

  get(key: string): RegistryEntry | undefined {
    return this.data.entries[key];
  }

  /** Completed imports of this path at this size: the files worth hashing before reading them through. */
  importsOf(file: string, size: number): RegistryEntry[] {
    return Object.values(this.data.entries).filter(
      (e) => e.file === file && e.size === size && e.status === 'imported',
    );
  }

  /** Completed imports of files of this size, wherever they were (the app's uploads move). */
  importsOfSize(size: number): RegistryEntry[] {
    return Object.values(this.data.entries).filter((e) => e.size === size && e.status === 'imported');
  }

  async put(entry: RegistryEntry): Promise<void> {
    this.data.entries[entry.key] = entry;
    const tmp = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, `${JSON.stringify(this.data, null, 1)}\n`);
    await fs.rename(tmp, this.file);
    crashPoint('import-registry-written');
  }
}

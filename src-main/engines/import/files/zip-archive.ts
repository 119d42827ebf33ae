import { closeSync, promises as fs, mkdirSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BarcatError } from '../../../plumbing/errors';
import { checksumSha256 } from '../../providers/binance-archive/checksum';
import { fileChunks } from '../parse/file-chunks';
import { bytesText } from '../parse/line-cap';
import { hashFile } from './registry';

/** A member's file name without any folder: `/` or `\` (Windows) in a name never leads out of the unpack folder. */
function memberBaseName(name: string): string {
  return name.split(/[\\/]/).pop() ?? '';
}

/** Most bytes the CSV members of one archive may unpack to: beyond is a zip bomb, not market data. */
export const MAX_UNZIPPED_BYTES = 4 * 2 ** 30;

/** One CSV member of an archive, unpacked to a file of its own name in a temporary folder. */
export interface ZipMember {
  /** The member's path inside the archive. */
  name: string;
  file: string;
  bytes: number;
}

export interface UnzippedArchive {
  zip: string;
  /** Temporary folder holding the members; removeUnzipped deletes it. */
  dir: string;
  members: ZipMember[];
}

/** True when the file starts like a zip archive (`PK\x03\x04`), whatever its name. */
export async function isZipArchive(file: string): Promise<boolean> {
  const fh = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await fh.close();
  }
}

/** A Binance-style `NAME.zip.CHECKSUM` beside the archive (`sha256  NAME.zip`): the bytes must match it. */
async function checkChecksum(zip: string, signal?: AbortSignal): Promise<void> {
  const sumFile = `${zip}.CHECKSUM`;
  let text: string;
  try {
    text = await fs.readFile(sumFile, 'utf8');
  } catch {
    return; // none beside it: nothing to check
  }
  const expected = checksumSha256(text);
  const name = path.basename(sumFile);
  if (!expected)
    throw new BarcatError(
      'BAD_INPUT',
      `${name} is not in sha256sum format ("<sha256>  ${path.basename(zip)}")`,
    );
  const actual = await hashFile(zip, signal);
  if (actual !== expected)
    throw new BarcatError(
      'BAD_INPUT',
      `${path.basename(zip)} does not match ${name}: its sha256 is ${actual}, the checksum file says ${expected}; download the archive again`,
    );
}

/** Members that hold rows: .csv/.tsv, or .txt when there is no CSV (HistData ships a .txt report beside its CSV). */
function dataMembers(names: string[]): Set<string> {
  const files = names.filter(
    (n) => !n.endsWith('/') && !n.startsWith('__MACOSX/') && !memberBaseName(n).startsWith('.'),
  );
  const csv = files.filter((n) => /\.(csv|tsv)$/i.test(n));
  return new Set(csv.length > 0 ? csv : files.filter((n) => /\.txt$/i.test(n)));
}

/** The member names of an archive, from its central directory (no data is unpacked). */
async function memberNames(zip: string): Promise<string[]> {
  const { Unzip } = await import('fflate');
  const names: string[] = [];
  const unzip = new Unzip((f) => names.push(f.name));
  // Copies: a chunk's buffer is read into again, and fflate may keep a reference to it.
  for await (const chunk of fileChunks(zip)) unzip.push(new Uint8Array(chunk));
  unzip.push(new Uint8Array(0), true);
  return names;
}

/**
 * Checks an archive (its .CHECKSUM when one is beside it) and unpacks its CSV members into a
 * temporary folder, streaming: never more than `maxBytes` unpacked in all (refused beyond, the
 * folder removed). Throws a BAD_INPUT naming the archive when it cannot be imported.
 */
export async function unzipArchive(
  zip: string,
  opts: { maxBytes?: number; signal?: AbortSignal; only?: ReadonlySet<string> } = {},
): Promise<UnzippedArchive> {
  const maxBytes = opts.maxBytes ?? MAX_UNZIPPED_BYTES;
  const base = path.basename(zip);
  await checkChecksum(zip, opts.signal);
  const { Unzip, UnzipInflate } = await import('fflate');
  let names: string[];
  try {
    names = await memberNames(zip);
  } catch (err) {
    throw new BarcatError('BAD_INPUT', `${base} is not a readable zip archive: ${(err as Error).message}`);
  }
  if (names.length === 0)
    throw new BarcatError('BAD_INPUT', `${base} is not a readable zip archive: no member was found in it`);
  const data = dataMembers(names);
  if (data.size === 0)
    throw new BarcatError(
      'BAD_INPUT',
      `${base} holds no CSV file (it holds ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''})`,
    );
  // `only`: the members a caller needs (one card's re-preview, one job's members): the rest stay packed.
  const wanted = opts.only ? new Set([...data].filter((n) => opts.only!.has(n))) : data;
  if (wanted.size === 0)
    throw new BarcatError(
      'BAD_INPUT',
      `${base} holds no member ${[...opts.only!].join(', ')}; preview it again`,
    );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-unzip-'));
  const members: ZipMember[] = [];
  let total = 0;
  let failure: Error | undefined;
  // Members being written; a failure elsewhere closes them.
  const openFiles = new Set<number>();
  const tooBig = () =>
    new BarcatError(
      'BAD_INPUT',
      `${base} unpacks to more than ${bytesText(maxBytes)}; refused (a zip bomb?). Unpack it yourself if it is genuine`,
    );
  try {
    const unzip = new Unzip((f) => {
      if (!wanted.has(f.name) || failure) return;
      // Each member in a folder named after the archive, under its own base name (never a path
      // from the archive: `../` in a name must not write outside the folder).
      const sub = path.join(dir, String(members.length), base);
      mkdirSync(sub, { recursive: true });
      const member: ZipMember = { name: f.name, file: path.join(sub, memberBaseName(f.name)), bytes: 0 };
      members.push(member);
      if ((f.originalSize ?? 0) > maxBytes) {
        failure = tooBig();
        return;
      }
      const fd = openSync(member.file, 'w');
      openFiles.add(fd);
      const close = () => {
        if (openFiles.delete(fd)) closeSync(fd);
      };
      f.ondata = (err, data, final) => {
        if (failure) return close();
        if (err) {
          failure = new BarcatError(
            'BAD_INPUT',
            `${base}: member ${f.name} cannot be unpacked: ${err.message}`,
          );
          return close();
        }
        total += data.length;
        if (total > maxBytes) {
          failure = tooBig();
          f.terminate();
          return close();
        }
        member.bytes += data.length;
        writeSync(fd, data);
        if (final) close();
      };
      try {
        f.start();
      } catch {
        failure = new BarcatError(
          'BAD_INPUT',
          `${base}: member ${f.name} is packed with zip method ${f.compression}, which Barcat cannot unpack; unpack the archive yourself`,
        );
        close();
      }
    });
    unzip.register(UnzipInflate);
    const push = (chunk: Uint8Array, final: boolean) => {
      try {
        unzip.push(chunk, final);
      } catch (err) {
        failure ??= new BarcatError(
          'BAD_INPUT',
          `${base} is not a readable zip archive: ${(err as Error).message}`,
        );
      }
      if (failure) throw failure;
    };
    for await (const chunk of fileChunks(zip, { signal: opts.signal })) push(new Uint8Array(chunk), false);
    push(new Uint8Array(0), true);
    return { zip, dir, members };
  } catch (err) {
    for (const fd of openFiles) closeSync(fd);
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }
}

/** Deletes the temporary folder of unpacked members. */
export async function removeUnzipped(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

import { createHash } from 'node:crypto';
import { closeSync, promises as fs, mkdirSync, mkdtempSync, openSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BarcatError } from '../../../plumbing/errors';
import { checksumSha256 } from '../../providers/binance-archive/checksum';
import { fileChunks } from '../parse/file-chunks';
import { bytesText } from '../parse/line-cap';

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
  /** The archive's sha256, taken in the same read that unpacked it. */
  sha256: string;
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

/** A Binance-style `NAME.zip.CHECKSUM` beside the archive (`sha256  NAME.zip`): its bytes' hash must match it. */
async function checkChecksum(zip: string, actual: string): Promise<void> {
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
  if (actual !== expected)
    throw new BarcatError(
      'BAD_INPUT',
      `${path.basename(zip)} does not match ${name}: its sha256 is ${actual}, the checksum file says ${expected}; download the archive again`,
    );
}

/** A member that may hold rows: a file (not a folder, macOS fork or hidden file) named .csv, .tsv or .txt. */
function mayHoldRows(name: string): boolean {
  return (
    !name.endsWith('/') &&
    !name.startsWith('__MACOSX/') &&
    !memberBaseName(name).startsWith('.') &&
    /\.(csv|tsv|txt)$/i.test(name)
  );
}

/** Members that hold rows: .csv/.tsv, or .txt when there is no CSV (HistData ships a .txt report beside its CSV). */
function dataMembers(names: string[]): Set<string> {
  const files = names.filter(mayHoldRows);
  const csv = files.filter((n) => /\.(csv|tsv)$/i.test(n));
  return new Set(csv.length > 0 ? csv : files.filter((n) => /\.txt$/i.test(n)));
}

/**
 * Checks an archive (its .CHECKSUM when one is beside it) and unpacks its CSV members into a
 * temporary folder in one streaming read that also hashes the archive: never more than `maxBytes`
 * unpacked in all (refused beyond, the folder removed). A .txt member is unpacked in the same pass
 * and dropped when the archive holds a CSV. Throws a BAD_INPUT naming the archive when it cannot
 * be imported.
 */
export async function unzipArchive(
  zip: string,
  opts: { maxBytes?: number; signal?: AbortSignal; only?: ReadonlySet<string> } = {},
): Promise<UnzippedArchive> {
  const maxBytes = opts.maxBytes ?? MAX_UNZIPPED_BYTES;
  const base = path.basename(zip);
  const { Unzip, UnzipInflate } = await import('fflate');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'barcat-unzip-'));
  const names: string[] = [];
  let members: ZipMember[] = [];
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
      names.push(f.name);
      // `only`: the members a caller needs (one card's re-preview, one job's members): the rest stay packed.
      if (!mayHoldRows(f.name) || (opts.only && !opts.only.has(f.name)) || failure) return;
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
    // One read: the bytes are hashed as they are unpacked (the checksum and the preview's plan compare it).
    const hash = createHash('sha256');
    let unpackFailure: unknown;
    const pushing = (chunk: Uint8Array, final: boolean) => {
      if (unpackFailure !== undefined) return;
      try {
        push(chunk, final);
      } catch (err) {
        unpackFailure = err;
      }
    };
    for await (const chunk of fileChunks(zip, { signal: opts.signal })) {
      hash.update(chunk);
      // Copies: a chunk's buffer is read into again, and fflate may keep a reference to it.
      pushing(new Uint8Array(chunk), false);
    }
    pushing(new Uint8Array(0), true);
    const sha256 = hash.digest('hex');
    // A download that does not match its checksum is named as such before what broke in it.
    await checkChecksum(zip, sha256);
    if (unpackFailure !== undefined) throw unpackFailure;
    if (names.length === 0)
      throw new BarcatError('BAD_INPUT', `${base} is not a readable zip archive: no member was found in it`);
    const data = dataMembers(names);
    if (data.size === 0)
      throw new BarcatError(
        'BAD_INPUT',
        `${base} holds no CSV file (it holds ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''})`,
      );
    const kept = members.filter((m) => data.has(m.name));
    for (const m of members) if (!data.has(m.name)) await fs.rm(m.file, { force: true });
    members = kept;
    if (members.length === 0)
      throw new BarcatError(
        'BAD_INPUT',
        `${base} holds no member ${[...(opts.only ?? [])].join(', ')}; preview it again`,
      );
    return { zip, dir, members, sha256 };
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

import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import { BroadcastChannel } from 'node:worker_threads';
import { BarcatError } from '../../../plumbing/errors';
import { insideCatalog } from '../../../plumbing/inside';
import { sha256Hex } from '../../../plumbing/sha256';
import type { PartitionEntry } from '../disk/manifest';

/**
 * File versions whose bytes a thread of this process has hashed and found equal to their manifest's
 * sha256, the most recently used last: at most VERIFIED_MAX (a catalog's files read often stay).
 */
const verified = new Map<string, string>();
const VERIFIED_MAX = 4096;

/** Whether this version is known verified with that sha256 (and marks it recently used). */
function isVerified(version: string, sha: string): boolean {
  const known = verified.get(version);
  if (known === undefined) return false;
  verified.delete(version);
  verified.set(version, known);
  return known === sha;
}

function remember(version: string, sha: string): void {
  verified.delete(version);
  verified.set(version, sha);
  if (verified.size > VERIFIED_MAX) verified.delete(verified.keys().next().value as string);
}
/** Files this thread hashed, and file versions it learnt were verified from other threads (tests). */
export const verifiedHere = { hashed: 0, told: 0 };

/**
 * Each thread tells the others of this process the file versions it verified: a partition a
 * quality worker hashed is not hashed again by the worker that reads it next time (pieces go to
 * whichever worker is free), nor by the main thread's reads, and the other way round. Only threads
 * of this process are on the channel; it never keeps a process alive.
 */
const told = new BroadcastChannel('barcat:verified-partitions');
told.unref();
told.onmessage = (e: unknown) => {
  // Any thread of the process may post on a channel of this name: only [version, sha] is taken.
  const data = (e as { data?: unknown } | null)?.data;
  if (!Array.isArray(data) || data.length !== 2) return;
  const [version, sha] = data as unknown[];
  if (typeof version !== 'string' || typeof sha !== 'string' || verified.get(version) === sha) return;
  remember(version, sha);
  verifiedHere.told++;
};

/**
 * Checks that a read may trust a partition file: inside the catalog, and its bytes those the
 * manifest's sha256 names. The bytes are hashed once per process and file version (device, inode,
 * size, mtime and ctime: a file rewritten in place with its mtime set back changes its ctime), by
 * whichever thread reads them first (see `told`); later reads cost a realpath and a stat. Anything
 * else is a CORRUPT error naming the file, never wrong bars. Filesystem errors (ENOENT when a writer
 * just superseded the file) pass through unchanged. Sync like the read itself (see
 * read/partition-read.ts).
 */
export function checkPartitionTrusted(
  root: string,
  file: string,
  entry: Pick<PartitionEntry, 'sha256'>,
): void {
  trusted(root, file, entry.sha256, false);
}

/**
 * The bytes of a partition file, checked as checkPartitionTrusted checks them: the read that
 * decodes them reads the file once, in whichever thread decodes it.
 */
export function trustedPartitionBytes(root: string, file: string, sha: string): Uint8Array {
  return trusted(root, file, sha, true)!;
}

function trusted(root: string, file: string, expected: string, wantBytes: boolean): Uint8Array | undefined {
  const real = insideCatalog(root, file);
  // One open file for the version and the bytes: a file replaced between a stat and a read by
  // path would pass unhashed under the old version's key.
  const fd = openSync(real, 'r');
  try {
    const st = fstatSync(fd);
    const version = `${real}\0${st.dev}\0${st.ino}\0${st.size}\0${st.mtimeMs}\0${st.ctimeMs}`;
    if (isVerified(version, expected)) return wantBytes ? readFileSync(fd) : undefined;
    const bytes = readFileSync(fd);
    const actual = sha256Hex(bytes);
    if (actual !== expected)
      throw new BarcatError(
        'CORRUPT',
        `partition file ${file} is damaged: its sha256 is ${actual.slice(0, 12)}…, its manifest says ${expected.slice(0, 12)}…; run "barcat verify" to quarantine it`,
      );
    remember(version, expected);
    verifiedHere.hashed++;
    told.postMessage([version, expected]);
    return bytes;
  } finally {
    closeSync(fd);
  }
}

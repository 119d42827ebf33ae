import { promises as fs } from 'node:fs';
import type { QuarantineCode } from '../../../../src-shared/domain/job';
import { fsFailure } from '../../../plumbing/fs-errors';
import { sha256Hex } from '../../../plumbing/sha256';

/** Why a catalog file is unusable: a code, and the exact words for notes and the CLI. */
export interface FileProblem {
  code: QuarantineCode;
  reason: string;
}

/** A file's bytes when it reads and has the sha256 its manifest entry names; else why not (bars and ticks alike). */
export async function readChecked(file: string, sha: string): Promise<Uint8Array | FileProblem> {
  let bytes: Uint8Array;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    return { code: 'unreadable', reason: `cannot read the file (${fsFailure(err)})` };
  }
  const actual = sha256Hex(bytes);
  if (actual !== sha)
    return {
      code: 'checksum-mismatch',
      reason: `checksum mismatch: manifest has sha256 ${sha.slice(0, 12)}…, file has ${actual.slice(0, 12)}…`,
    };
  return bytes;
}

import { createWriteStream, mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { BarcatError } from '../errors';

const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

/**
 * Saves one dropped file under uploadDir/<batch>/<relative path>. The browser cannot hand us a path,
 * so files are copied here and imported from here; names are cleaned so nothing lands outside.
 */
export async function saveUpload(
  req: IncomingMessage,
  uploadDir: string,
  batch: string,
  name: string,
): Promise<string> {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(batch))
    throw new BarcatError('BAD_INPUT', 'upload batch id is malformed');
  const parts = name
    .split(/[\\/]+/)
    .map((p) => p.replace(/[^\p{L}\p{N} ._,^()+-]/gu, '_').trim())
    .filter((p) => p && p !== '.' && p !== '..');
  if (parts.length === 0) throw new BarcatError('BAD_INPUT', `file name "${name}" is empty after cleaning`);
  const dir = path.join(uploadDir, batch);
  const file = path.join(dir, ...parts);
  if (!file.startsWith(dir + path.sep))
    throw new BarcatError('BAD_INPUT', `file name "${name}" is not allowed`);
  const length = Number(req.headers['content-length'] ?? 0);
  if (length > MAX_UPLOAD_BYTES) throw new BarcatError('BAD_INPUT', `"${name}" is larger than 4 GB`);
  mkdirSync(path.dirname(file), { recursive: true });
  await pipeline(req, createWriteStream(file));
  return file;
}

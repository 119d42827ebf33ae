import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BarcatError } from '../../plumbing/errors';

export const MAX_UPLOAD_BYTES = 4 * 1024 ** 3;

function tooLarge(name: string, maxBytes: number): BarcatError {
  return new BarcatError('BAD_INPUT', `"${name}" is larger than the upload limit of ${maxBytes} bytes`, {
    reason: 'TOO_LARGE',
    limit: maxBytes,
  });
}

/**
 * Saves one dropped file under uploadDir/<batch>/<relative path>. The browser cannot hand us a path,
 * so files are copied here and imported from here; names are cleaned so nothing lands outside.
 * Bytes are counted as they arrive (a chunked body has no content-length) and the file is written
 * under uploadDir/.incoming, renamed into place only when complete, so a refused or cut-off upload
 * never leaves a partial file that could be imported.
 */
export async function saveUpload(
  req: IncomingMessage,
  uploadDir: string,
  batch: string,
  name: string,
  maxBytes = MAX_UPLOAD_BYTES,
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
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge(name, maxBytes);
  const incoming = path.join(uploadDir, '.incoming');
  const temp = path.join(incoming, randomBytes(8).toString('hex'));
  mkdirSync(incoming, { recursive: true });
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) done(tooLarge(name, maxBytes));
      else done(null, chunk);
    },
  });
  // req is piped rather than put in the pipeline: a pipeline error would destroy the socket, and
  // the caller still has to answer 413. pipe() forwards no errors, so a cut-off body is caught here.
  req.on('error', (err) => counter.destroy(err));
  req.on('close', () => {
    if (!req.complete)
      counter.destroy(
        new BarcatError('BAD_INPUT', `the upload of "${name}" was cut off; drop the file again`),
      );
  });
  req.pipe(counter);
  try {
    await pipeline(counter, createWriteStream(temp));
    mkdirSync(path.dirname(file), { recursive: true });
    renameSync(temp, file);
  } catch (err) {
    req.unpipe(counter);
    rmSync(temp, { force: true });
    throw err;
  }
  return file;
}

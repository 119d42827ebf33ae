import { fsErrorMessage } from '../../plumbing/fs-errors';

/** A write to standard output failed: the reader went away (EPIPE) or the disk is full. */
export class OutputError extends Error {
  constructor(readonly errno: NodeJS.ErrnoException) {
    super(errno.message);
  }
}

/** Writes to a stream and waits until it took the chunk; a failed write rejects with OutputError. */
export function writeOut(stream: NodeJS.WritableStream, chunk: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(chunk, (err) => (err ? reject(new OutputError(err as NodeJS.ErrnoException)) : resolve()));
  });
}

/**
 * Records the first error of a command's output stream, so a failed write never surfaces as an
 * unhandled 'error' event (a stack trace) and every command's output failure is reported once.
 */
export function watchOutput(stream: NodeJS.WritableStream): () => NodeJS.ErrnoException | undefined {
  let first: NodeJS.ErrnoException | undefined;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    first ??= err;
  });
  return () => first;
}

/**
 * The exit code of a run whose output failed: a closed pipe (`| head -1`) ends quietly with 0,
 * the reader has what it wanted; anything else (a full disk) is said plainly, exit 2.
 */
export function outputFailure(err: NodeJS.ErrnoException, stderr: NodeJS.WritableStream): number {
  if (err.code === 'EPIPE' || err.code === 'ERR_STREAM_DESTROYED') return 0;
  const plain = fsErrorMessage({ ...err, code: err.code, path: err.path ?? 'the standard output' });
  stderr.write(`barcat: cannot write the output: ${plain ?? `${err.message}`}\n`);
  return 2;
}

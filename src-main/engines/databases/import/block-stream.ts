import { tsLimitsFromEnv } from '../../catalog/index';
import type { DbImportPlan } from '../plan';
import type { RowReader } from '../rows';
import { rowTooLong, rowWorkerDied } from './block-errors';
import { agreesWith, type ParsedBlock, type RowBlockAnswer, readRowBlock } from './row-blocks';
import type { RowWorkers } from './row-workers';

/**
 * Bytes of text a block gathers before it goes to a worker (about 4,500 rows of 8 columns): small, so
 * a worker's rows in use stay well under its heap cap (row-workers.ts) at no measured cost in speed.
 */
export const BLOCK_BYTES = 1 << 18;
/**
 * Bytes of a block above which it is read on the migration's thread, never by a row worker: a
 * worker holds a long series value several times over (decoded, split, upper-cased) under a 32 MB
 * old generation (row-workers.ts): under a 48 MB one rows of 15-30 MB killed it, at 30 MB the whole
 * process (V8's fatal out-of-memory). Only a row of several MB (surely a wrong column mapped) makes a
 * block this big.
 */
export const WORKER_BLOCK_MAX = 2 << 20;
/**
 * A row longer than this is refused before it is read: a bar row is under a kilobyte, and memory
 * stays bounded whatever a mapped text column holds.
 */
export const MAX_ROW_BYTES = 32 << 20;
/** First bytes of a too-long row kept for its error (its key's start): never the whole row. */
const ROW_HEAD_BYTES = 256;
/** Blocks read by workers at once, beyond the one the caller is taking in: memory stays a few MB. */
const MAX_IN_FLIGHT = 4;

/**
 * Cuts a byte stream of lines into blocks of whole lines, about `blockBytes` each, and never across
 * a multiple of `stepRows` lines: the caller's steps (staging, commits, the watermark) fall after the
 * same rows as a row-by-row read. A newline byte always ends a row (COPY text and TabSeparated escape
 * one inside a field), and never sits inside a UTF-8 character.
 */
export class LineBlocks {
  private parts: Buffer[] = [];
  private bytes = 0;
  /** Lines still to come before the next step boundary. */
  private untilStep: number;
  /** Lines ended so far, and the bytes and first bytes of the line still open. */
  private seen = 0;
  private open = 0;
  private openHead: Buffer = Buffer.alloc(0);

  constructor(
    private readonly stepRows: number,
    private readonly blockBytes: number,
    /** A line longer than maxRowBytes: the error to throw, given its row number (from 1) and first bytes. */
    private readonly tooLong: { maxRowBytes: number; error(row: number, head: Buffer): Error },
  ) {
    this.untilStep = stepRows;
  }

  /** The blocks complete with this chunk. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    const seenBefore = this.seen;
    let start = 0;
    let lastEnd = -1;
    for (;;) {
      let lastNl = -1;
      let lines = 0;
      for (let at = start; lines < this.untilStep; lines++) {
        const nl = chunk.indexOf(10, at);
        if (nl < 0) break;
        lastNl = nl;
        at = nl + 1;
      }
      const atStep = lines === this.untilStep;
      if (lastNl >= 0) lastEnd = lastNl;
      this.seen += lines;
      this.untilStep -= lines;
      if (atStep) this.untilStep = this.stepRows;
      if (lastNl >= 0 && (atStep || this.bytes + lastNl + 1 - start >= this.blockBytes)) {
        out.push(this.cut(chunk.subarray(start, lastNl + 1)));
        start = lastNl + 1;
        if (atStep) continue;
      }
      if (start < chunk.length) {
        this.parts.push(chunk.subarray(start));
        this.bytes += chunk.length - start;
      }
      this.watchOpenLine(chunk, lastEnd, seenBefore);
      return out;
    }
  }

  /**
   * Refuses a line once it grows past maxRowBytes: the line this chunk ends (its bytes up to the
   * first newline complete it), then the line left open after the chunk's last newline.
   */
  private watchOpenLine(chunk: Buffer, lastNl: number, seenBefore: number): void {
    if (lastNl >= 0) {
      // The newline itself is not counted: a line of exactly maxRowBytes passes.
      const firstNl = chunk.indexOf(10);
      this.open += firstNl;
      if (this.open > this.tooLong.maxRowBytes) {
        const rest = chunk.subarray(0, Math.min(firstNl, Math.max(0, ROW_HEAD_BYTES - this.openHead.length)));
        throw this.tooLong.error(seenBefore + 1, Buffer.concat([this.openHead, rest]));
      }
    }
    if (lastNl >= 0 || this.open === 0) {
      this.open = 0;
      this.openHead = Buffer.from(chunk.subarray(lastNl + 1, lastNl + 1 + ROW_HEAD_BYTES));
    } else if (this.openHead.length < ROW_HEAD_BYTES)
      this.openHead = Buffer.concat([
        this.openHead,
        chunk.subarray(0, ROW_HEAD_BYTES - this.openHead.length),
      ]);
    this.open += chunk.length - lastNl - 1;
    if (this.open > this.tooLong.maxRowBytes) throw this.tooLong.error(this.seen + 1, this.openHead);
  }

  /** What is left at the stream's end (its last line may lack a newline), or null. */
  end(): Buffer | null {
    return this.bytes > 0 ? this.cut(Buffer.alloc(0)) : null;
  }

  private cut(tail: Buffer): Buffer {
    const block = Buffer.concat([...this.parts, tail]);
    this.parts = [];
    this.bytes = 0;
    return block;
  }
}

/**
 * The rows of a stream read through `reader`'s rules block by block, in order: blocks go to the
 * workers (several at once) and their answers are taken in source order. A block whose answer could
 * differ from a row-by-row read (a series' first time not after its last one before the block, see
 * agreesWith) is read again here with the reader's state, so bars and problems are always the same
 * as reading every row here; the reader's duplicate state follows every block.
 */
export async function* parsedBlocks(
  chunks: AsyncIterable<Buffer>,
  reader: RowReader,
  plan: DbImportPlan,
  opts: { workers: RowWorkers | null; stepRows: number; blockBytes: number; signal?: AbortSignal },
): AsyncIterable<ParsedBlock> {
  const { workers, signal } = opts;
  const limits = tsLimitsFromEnv();
  // read null: the block is read here, with the reader's state, when its turn comes. A block sent to
  // a worker moves there (text is detached): the answer hands it back for a read here.
  const pending: { text: Buffer; bytes: number; read: Promise<RowBlockAnswer> | null }[] = [];
  let taken = 0;
  const send = (text: Buffer) => {
    const read =
      workers && text.length <= WORKER_BLOCK_MAX
        ? workers.read({ kind: 'rows', plan, limits, text }, signal)
        : null;
    read?.catch(() => undefined);
    pending.push({ text, bytes: text.length, read });
  };
  const take = async (): Promise<ParsedBlock> => {
    const head = pending.shift() as (typeof pending)[number];
    if (!head.read) return readRowBlock(reader, plan, head.text);
    const block = await head.read.catch((err: unknown) => {
      throw rowWorkerDied(err, plan, taken + 1, head.bytes);
    });
    if (!agreesWith(block, reader.lastTs)) return readRowBlock(reader, plan, block.text);
    for (const s of block.series) reader.lastTs.set(s.id, s.batch.ts[s.batch.length - 1] as number);
    return block;
  };
  const next = async () => {
    const block = await take();
    taken += block.rows;
    return block;
  };
  const lines = new LineBlocks(opts.stepRows, opts.blockBytes, {
    maxRowBytes: MAX_ROW_BYTES,
    error: (row, head) => rowTooLong(plan, row, head, MAX_ROW_BYTES),
  });
  try {
    for await (const chunk of chunks)
      for (const text of lines.push(chunk)) {
        send(text);
        // Without workers a block is read as it is sent: take it at once.
        while (pending.length > (workers ? MAX_IN_FLIGHT : 0)) yield await next();
      }
    const rest = lines.end();
    if (rest) send(rest);
    while (pending.length > 0) yield await next();
  } finally {
    // A failed or cancelled read: the workers' answers still coming are awaited, never left dangling.
    await Promise.allSettled(pending.map((p) => p.read));
  }
}

import { tsLimitsFromEnv } from '../../catalog/index';
import type { DbImportPlan } from '../plan';
import type { RowReader } from '../rows';
import { agreesWith, type ParsedBlock, readRowBlock } from './row-blocks';
import type { RowWorkers } from './row-workers';

/**
 * Bytes of text a block gathers before it goes to a worker (about 4,500 rows of 8 columns): small, so
 * a worker's rows in use stay well under its heap cap (row-workers.ts) at no measured cost in speed.
 */
export const BLOCK_BYTES = 1 << 18;
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

  constructor(
    private readonly stepRows: number,
    private readonly blockBytes: number,
  ) {
    this.untilStep = stepRows;
  }

  /** The blocks complete with this chunk. */
  push(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let start = 0;
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
      return out;
    }
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
  const pending: { text: Buffer; read: Promise<ParsedBlock> }[] = [];
  const send = (text: Buffer) => {
    const read = workers ? workers.read({ kind: 'rows', plan, limits, text }, signal) : null;
    read?.catch(() => undefined);
    pending.push({ text, read: read ?? Promise.resolve(readRowBlock(reader, plan, text)) });
  };
  const take = async (): Promise<ParsedBlock> => {
    const head = pending.shift() as (typeof pending)[number];
    const block = await head.read;
    if (!workers) return block;
    if (!agreesWith(block, reader.lastTs)) return readRowBlock(reader, plan, head.text);
    for (const s of block.series) reader.lastTs.set(s.id, s.batch.ts[s.batch.length - 1] as number);
    return block;
  };
  const lines = new LineBlocks(opts.stepRows, opts.blockBytes);
  try {
    for await (const chunk of chunks)
      for (const text of lines.push(chunk)) {
        send(text);
        // Without workers a block is read as it is sent: take it at once.
        while (pending.length > (workers ? MAX_IN_FLIGHT : 0)) yield await take();
      }
    const rest = lines.end();
    if (rest) send(rest);
    while (pending.length > 0) yield await take();
  } finally {
    // A failed or cancelled read: the workers' answers still coming are awaited, never left dangling.
    await Promise.allSettled(pending.map((p) => p.read));
  }
}

import {
  parseTickBarTimeframe,
  parseTickSeriesId,
  priceFits,
  TickPriceSchema,
} from '../../../src-shared/domain/ticks';
import type { TickBatch } from '../../engines/catalog/index';
import { barsOnRead } from '../../engines/import/ticks/tick-bars';
import { BarcatError } from '../../plumbing/errors';
import type { CommandArgs } from './command';
import { withReadCatalog } from './io/open';
import { writeOut } from './output-errors';

/** µs UTC as ISO 8601 with six fraction digits. */
function isoUs(ts: number): string {
  const ms = Math.floor(ts / 1000);
  return `${new Date(ms).toISOString().slice(0, 23)}${String(ts - ms * 1000).padStart(3, '0')}Z`;
}

const cell = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? '' : String(v));
const SIDE: Record<number, string> = { 1: 'buy', [-1]: 'sell', 0: '' };

/** Ticks as CSV rows (header first), in pieces of 10,000 rows so no giant string is built. */
function* ticksCsv(b: TickBatch): Generator<string> {
  const header =
    b.kind === 'quotes'
      ? ['ts', 'bid', 'ask', ...(b.bidSize ? ['bid_size'] : []), ...(b.askSize ? ['ask_size'] : [])]
      : ['ts', 'price', 'size', ...(b.side ? ['side'] : []), ...(b.id ? ['id'] : [])];
  let out = `${header.join(',')}\n`;
  for (let i = 0; i < b.length; i++) {
    const row =
      b.kind === 'quotes'
        ? [
            isoUs(b.ts[i]!),
            b.bid[i],
            b.ask[i],
            ...(b.bidSize ? [cell(b.bidSize[i])] : []),
            ...(b.askSize ? [cell(b.askSize[i])] : []),
          ]
        : [
            isoUs(b.ts[i]!),
            b.price[i],
            cell(b.size[i]),
            ...(b.side ? [SIDE[b.side[i]!]] : []),
            ...(b.id ? [cell(b.id[i])] : []),
          ];
    out += `${row.join(',')}\n`;
    if (i % 10_000 === 9_999) {
      yield out;
      out = '';
    }
  }
  yield out;
}

/** `barcat query TICK-SERIES --ticks` (the ticks) or `--from-ticks --timeframe TF` (bars built on read). */
export async function runTickQuery(
  { values, positionals, catalogDir, io }: CommandArgs,
  usage: string,
): Promise<number> {
  if (positionals.length !== 1)
    throw new BarcatError(
      'USAGE',
      `give one tick series (VENUE:SYMBOL:quotes|trades); usage: barcat ${usage}`,
    );
  let key: ReturnType<typeof parseTickSeriesId>;
  try {
    key = parseTickSeriesId(positionals[0]!);
  } catch (err) {
    throw new BarcatError('USAGE', `${(err as Error).message}; "barcat list" shows the tick series`);
  }
  const format = String(values.format);
  const { parseRange } = await import('./io/args');
  const range = parseRange(values);
  return withReadCatalog(catalogDir, async (catalog) => {
    if (values.ticks === true) {
      const ticks = await catalog.ticks.query(key, range);
      if (format !== 'csv')
        throw new BarcatError('USAGE', `--ticks prints csv; --format ${format} is for bars`);
      for (const chunk of ticksCsv(ticks)) await writeOut(io.stdout, chunk);
      return 0;
    }
    const tf = parseTickBarTimeframe(String(values.timeframe ?? ''));
    if ('error' in tf) throw new BarcatError('USAGE', `--from-ticks needs --timeframe TF: ${tf.error}`);
    const price = TickPriceSchema.safeParse(values.price ?? (key.kind === 'trades' ? 'last' : 'mid'));
    if (!price.success || !priceFits(key.kind, price.data))
      throw new BarcatError(
        'USAGE',
        `--price ${String(values.price)} does not fit ${key.kind} (quotes: bid, ask, mid; trades: last)`,
      );
    // File by file into the bars (only the columns the price needs): a month is never held whole.
    const { bars } = await barsOnRead(key.kind, tf.timeframe, price.data, (onBatch, columns) =>
      catalog.ticks.scan(key, range, onBatch, columns),
    );
    const { writeBarsOut } = await import('./io/output');
    await writeBarsOut(
      bars,
      format as 'csv' | 'json' | 'parquet',
      typeof values.out === 'string' ? values.out : undefined,
      io,
    );
    return 0;
  });
}

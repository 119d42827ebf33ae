import { z } from 'zod';
import { allocTicks, type QuoteTicks } from '../../catalog/index';
import { ProtocolError } from '../errors';

const cols = z.array(z.number());
// One hour of ticks from the JSON API: base values plus delta-encoded columns (times in ms, prices in
// units of `multiplier`); volumes per tick in units, /1e6 gives millions like the .bi5 files.
const TickDocSchema = z.object({
  timestamp: z.number(),
  multiplier: z.number().positive(),
  ask: z.number().nullable(),
  bid: z.number().nullable(),
  times: cols,
  asks: cols,
  bids: cols,
  askVolumes: cols,
  bidVolumes: cols,
});

/** Decodes the JSON API's tick document; a body that is not that shape is a ProtocolError. */
export function decodeJsonTicks(text: string, what: string): QuoteTicks {
  let doc: z.infer<typeof TickDocSchema>;
  try {
    doc = TickDocSchema.parse(JSON.parse(text));
  } catch (err) {
    const head = text.slice(0, 60).replace(/\s+/g, ' ').trim();
    const why =
      err instanceof SyntaxError ? `unreadable JSON (starts with "${head}")` : 'not a tick document';
    throw new ProtocolError(`${what}: ${why}; not stored`);
  }
  const n = doc.times.length;
  if ([doc.asks, doc.bids, doc.askVolumes, doc.bidVolumes].some((c) => c.length !== n))
    throw new ProtocolError(`${what}: tick columns of different lengths; not stored`);
  const out = allocTicks('quotes', n, ['bid_size', 'ask_size']) as QuoteTicks;
  if (n === 0) return out;
  if (doc.ask === null || doc.bid === null)
    throw new ProtocolError(`${what}: ticks without base prices; not stored`);
  // Accumulated as integers so no rounding error builds up along the hour.
  const scale = Math.round(1 / doc.multiplier);
  let t = doc.timestamp;
  let ask = Math.round(doc.ask * scale);
  let bid = Math.round(doc.bid * scale);
  for (let i = 0; i < n; i++) {
    t += doc.times[i]!;
    ask += doc.asks[i]!;
    bid += doc.bids[i]!;
    out.ts[i] = t * 1000;
    out.ask[i] = ask / scale;
    out.bid[i] = bid / scale;
    out.askSize![i] = doc.askVolumes[i]! / 1e6;
    out.bidSize![i] = doc.bidVolumes[i]! / 1e6;
  }
  return out;
}

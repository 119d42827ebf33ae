import { type TickBackfillStart, TickPriceSchema } from '../../../../src-shared/domain/ticks';
import { parseTimeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import type { CommandArgs } from '../command';
import { writeOpenOptions } from '../io/open';
import { writeOut } from '../output-errors';
import { cliRetryPolicy } from './open';

const day = (t: number) => new Date(t).toISOString().slice(0, 13).replace('T', ' ');
const ranges = (rs: { from: number; to: number }[]) =>
  rs.map((r) => `${day(r.from)}h..${day(r.to)}h`).join(', ');

/**
 * `barcat backfill DUKASCOPY:SYMBOL:quotes` (quote ticks) or `DUKASCOPY:SYMBOL:TF` (the ticks, then
 * bars of TF built from them at --price, default bid). Runs in the foreground; a re-run asks only
 * for the hours neither stored nor checked empty.
 */
export async function runDukascopyBackfill({
  values,
  positionals,
  catalogDir,
  catalogIsDefault,
  json,
  io,
}: CommandArgs): Promise<number> {
  const [venue, symbol, last, ...rest] = positionals[0]!.split(':');
  if (venue?.toUpperCase() !== 'DUKASCOPY' || !symbol || !last || rest.length)
    throw new BarcatError(
      'USAGE',
      `"${positionals[0]}": give DUKASCOPY:SYMBOL:quotes or DUKASCOPY:SYMBOL:TF (e.g. DUKASCOPY:EURUSD:1m)`,
    );
  const { parseTime } = await import('../io/args');
  const from = parseTime(values.from, '--from');
  const to = parseTime(values.to, '--to');
  if (from === undefined || to === undefined)
    throw new BarcatError('USAGE', 'a Dukascopy backfill needs --from and --to (ISO dates, UTC)');
  let want: TickBackfillStart['bars'];
  if (last !== 'quotes') {
    const tf = parseTimeframe(last);
    if ('error' in tf) throw new BarcatError('USAGE', `"${positionals[0]}": ${tf.error}`);
    const price = TickPriceSchema.safeParse(values.price ?? 'bid');
    if (!price.success || price.data === 'last')
      throw new BarcatError(
        'USAGE',
        `--price ${String(values.price)}: Dukascopy quotes give bid, ask or mid`,
      );
    want = { timeframe: tf.timeframe, price: price.data };
  }
  const rate = values.rate === undefined ? undefined : Number(values.rate);
  const { callTickBackfill } = await import('../../../engines/backfill/ticks/tick-backfill-call');
  const { create, missingHint } = writeOpenOptions({ values, catalogIsDefault });
  const baseUrl = values['base-url'] as string | undefined;
  const tty = !json && io.stderr.isTTY === true;
  const ctl = new AbortController();
  const onSigint = () => ctl.abort();
  process.once('SIGINT', onSigint);
  try {
    // The app's "Dukascopy ticks" job runs this same call.
    const s = await callTickBackfill(
      {
        req: {
          symbol,
          from,
          to,
          ...(want ? { bars: want } : {}),
          ...(baseUrl ? { baseUrl } : {}),
        },
        catalogDir,
        open: { create, missingHint },
        requestsPerSecond: rate,
        nowAt: io.env.BARCAT_NOW ? Number(io.env.BARCAT_NOW) : undefined,
        policy: cliRetryPolicy(io.env),
      },
      {
        signal: ctl.signal,
        // On a terminal: hours done of hours asked, on one line.
        onProgress: tty ? (p) => io.stderr.write(`\r${p.done}/${p.total} hours\u001b[K`) : undefined,
      },
    ).catch((err: unknown) => {
      if ((err as Error).name !== 'AbortError') throw err;
      return null;
    });
    if (!s) {
      // Ctrl-C: the days written stay; the next run asks only for the hours still missing.
      await writeOut(io.stderr, '\ncancelled; what was written stays, run the same command again to go on\n');
      return 2;
    }
    if (tty) io.stderr.write('\n');
    if (json) await writeOut(io.stdout, `${JSON.stringify(s)}\n`);
    else {
      const lines = [
        `${s.series} (${s.shape}): ${s.hoursPlanned} hours asked, ${s.hoursPresent} already present; ${s.ticksWritten} ticks written from ${s.hoursWithTicks} hours; ${s.requests} requests, ${s.retries} retries`,
        ...(s.checkedEmpty.length ? [`checked empty (no ticks at source): ${ranges(s.checkedEmpty)}`] : []),
        ...(s.missing.length
          ? [`not served (HTTP 404), not recorded, asked again next run: ${ranges(s.missing)}`]
          : []),
        ...s.parked.map((p) => `parked ${ranges([p.range])}: ${p.error}`),
        ...(s.bars
          ? [
              `${s.bars.series}: ${s.bars.written.added} bars added, ${s.bars.written.replaced} replaced (${s.bars.source})`,
            ]
          : []),
      ];
      await writeOut(io.stdout, `${lines.join('\n')}\n`);
    }
    return s.parked.length ? 3 : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

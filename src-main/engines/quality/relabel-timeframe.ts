// "Change timeframe label": a series imported under the wrong timeframe (1m bars labelled 5m) gets the
// right one without a re-import. Partitioning and coverage depend on the timeframe, so the bars are
// written as the new series (one recorded write) and the old one goes to the trash, whence
// `barcat trash restore` brings it back: nothing is lost, and the change can be taken back. The catalog
// journals the two steps (write/relabel.ts), so a crash never leaves both series listed.
import { tsText } from '../../../src-shared/domain/bar';
import { type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import { isOnGrid, nominalMs, parseTimeframe, type Timeframe } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import { batchFromBars, type Catalog, readManifest, tableToBars } from '../catalog/index';

export interface RelabelResult {
  to: SeriesKey;
  bars: number;
  /** The old series' trash entry: restoring it (and deleting the new one) takes the change back. */
  trashId: string;
}

/** Where the stored bars do not fit a timeframe: off its grid, or closer together than one bar. */
function relabelProblems(ts: readonly number[], tf: Timeframe) {
  const offGrid = ts.filter((t) => !isOnGrid(t, tf));
  const step = nominalMs(tf);
  const tooClose = ts.filter((t, i) => i > 0 && t - ts[i - 1]! < step);
  return { offGrid, tooClose };
}

export async function relabelTimeframe(
  catalog: Catalog,
  from: SeriesKey,
  raw: string,
  opts: { source: string },
): Promise<RelabelResult> {
  if (!catalog.relabelSeries) throw new BarcatError('USAGE', 'this catalog is read-only');
  const parsed = parseTimeframe(raw);
  if ('error' in parsed)
    throw new BarcatError('BAD_INPUT', parsed.error, { reason: 'invalid_name', field: 'timeframe' });
  const to = { ...from, timeframe: parsed.timeframe };
  const id = seriesId(from);
  if (seriesId(to) === id)
    throw new BarcatError('BAD_INPUT', `series ${id} already has timeframe ${to.timeframe}`, {
      reason: 'same_series',
    });
  const listed = await catalog.listSeries();
  const summary = listed.find((s) => s.id === id);
  if (!summary) await catalog.availability(from); // the catalog's own "no such series" error
  if (listed.some((s) => s.id === seriesId(to)))
    throw new BarcatError('DATA', `series ${seriesId(to)} already exists; choose another timeframe`, {
      reason: 'target_exists',
      series: seriesId(to),
    });
  // Read before the bars: a write in between moves it on, and the relabel is then refused, never lost.
  const fromGeneration = (await readManifest(catalog.dir, from))?.generation ?? 0;
  const bars = tableToBars(await catalog.query(from, undefined));
  const ts = bars.map((b) => b.ts);
  const { offGrid, tooClose } = relabelProblems(ts, to.timeframe);
  if (offGrid.length > 0)
    throw new BarcatError(
      'DATA',
      `series ${id}: ${offGrid.length} of ${ts.length} bars are not on the ${to.timeframe} grid (the first at ${tsText(offGrid[0]!)}); the label stays ${from.timeframe}`,
      { reason: 'off_grid', timeframe: to.timeframe, count: offGrid.length, firstTs: offGrid[0]! },
    );
  if (tooClose.length > 0)
    throw new BarcatError(
      'DATA',
      `series ${id}: ${tooClose.length} of ${ts.length} bars start less than ${to.timeframe} after the bar before (the first at ${tsText(tooClose[0]!)}); the label stays ${from.timeframe}`,
      { reason: 'too_close', timeframe: to.timeframe, count: tooClose.length, firstTs: tooClose[0]! },
    );
  const checkedEmpty = (await catalog.availability(from)).checkedEmpty;
  // What the manifest kept besides bars follows: calendar, provider, ranges checked empty.
  const trash = await catalog.relabelSeries(
    from,
    to,
    async () => {
      await catalog.write(to, batchFromBars(bars), 'skip', {
        source: opts.source,
        ...(summary ? { calendar: summary.calendar } : {}),
      });
      if (summary?.provider && catalog.setProvider) await catalog.setProvider(to, summary.provider);
      if (checkedEmpty.length > 0) await catalog.recordCheckedEmpty(to, checkedEmpty);
    },
    { ...opts, fromGeneration },
  );
  return { to, bars: bars.length, trashId: trash.id };
}

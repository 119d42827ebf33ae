import { type SeriesKey, seriesId } from '../../../../../src-shared/domain/series';
import { fetchRange, seriesProvider, seriesRequestSettings } from '../../../../engines/backfill/index';
import type { Catalog } from '../../../../engines/catalog/index';
import { keysFromEnv } from '../../../../engines/providers/index';
import { acceptRefetch, compareRefetch, type RefetchRow } from '../../../../engines/quality/index';
import { BarcatError } from '../../../../plumbing/errors';
import type { CommandArgs } from '../../command';
import { writeAnswer } from '../../io/answer';
import { isoTime, textTable } from '../../io/format';

const side = (v: RefetchRow['catalog']) => (v ? `${v.open} ${v.high} ${v.low} ${v.close} ${v.volume}` : '-');

/** `barcat quality SERIES refetch ID [--accept] [--base-url URL]`: both versions side by side, then maybe write. */
export async function runRefetch(
  catalog: Catalog,
  key: SeriesKey,
  id: string,
  { values, json, io }: Pick<CommandArgs, 'values' | 'json' | 'io'>,
): Promise<number> {
  const a = await catalog.availability(key);
  const provider = seriesProvider(key, a.provider);
  if (!provider)
    throw new BarcatError(
      'BAD_INPUT',
      `series ${seriesId(key)} has no provider to re-fetch from; set one in the app or backfill it with --provider first`,
      { reason: 'no_provider', series: seriesId(key) },
    );
  const baseUrl = typeof values['base-url'] === 'string' ? values['base-url'] : undefined;
  const getKey = keysFromEnv(io.env);
  const c = await compareRefetch(
    catalog,
    key,
    id,
    async (k, range) =>
      (await fetchRange(k, range, { provider, baseUrl, getKey, ...seriesRequestSettings(provider, a) })).bars,
  );
  const accepted = values.accept === true ? await acceptRefetch(catalog, c.token, 'cli:quality') : undefined;
  writeAnswer(io, json, { provider, ...c, ...(accepted ? { write: accepted.write } : {}) }, () => {
    const head = `${c.series} ${isoTime(c.range.from)} .. ${isoTime(c.range.to)}: ${c.catalogBars} bars in the catalog, ${c.providerBars} from ${provider}, ${c.differing} differ\n`;
    const table = textTable(
      ['TIME', 'CATALOG O H L C V', `${provider.toUpperCase()} O H L C V`, 'DIFFERS'],
      c.rows.map((r) => [isoTime(r.ts), side(r.catalog), side(r.provider), r.differs ? 'yes' : '']),
    );
    const w = accepted?.write;
    const written = w
      ? `wrote ${provider}'s bars: ${w.added} added, ${w.replaced} replaced, ${w.removed} removed; "barcat undo ${c.series}" takes it back\n`
      : "nothing was written; run again with --accept to write the provider's bars\n";
    return head + table + written;
  });
  return 0;
}

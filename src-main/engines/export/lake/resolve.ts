import { promises as fs } from 'node:fs';
import path from 'node:path';
import { normalizePart, parseSeriesId, type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import type { Timeframe } from '../../../../src-shared/domain/timeframe';
import { BarcatError } from '../../../plumbing/errors';
import { fsFailure } from '../../../plumbing/fs-errors';
import { sha256Hex } from '../../../plumbing/sha256';
import type { Catalog } from '../../catalog/index';
import { resampleProblem } from '../../resample/index';
import { splitCsvLine } from './events';

/** A series map file: CSV `instrument,series` (series ids), one instrument a line. */
export interface SeriesMap {
  file: string;
  sha256: string;
  map: Map<string, { key: SeriesKey; at: string }>;
}

export async function readSeriesMap(file: string): Promise<SeriesMap> {
  const name = path.basename(file);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new BarcatError('NOT_FOUND', `series map ${file}: ${fsFailure(err)}`);
  }
  const map = new Map<string, { key: SeriesKey; at: string }>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let cols: { instrument: number; series: number } | undefined;
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const n = i + 1;
    const fields = splitCsvLine(line);
    if ('openQuote' in fields)
      throw new BarcatError(
        'BAD_INPUT',
        `${name}:${n}:${fields.openQuote}: a quote opened here is never closed`,
      );
    if (!cols) {
      const names = fields.map((f) => f.value.trim().toLowerCase());
      cols = { instrument: names.indexOf('instrument'), series: names.indexOf('series') };
      if (cols.instrument < 0 || cols.series < 0)
        throw new BarcatError(
          'BAD_INPUT',
          `${name}:1:1: the header must name the columns instrument and series`,
        );
      return;
    }
    const inst = fields[cols.instrument];
    const series = fields[cols.series];
    if (!inst || !series)
      throw new BarcatError(
        'BAD_INPUT',
        `${name}:${n}:1: ${fields.length} fields; every line needs an instrument and a series`,
      );
    let key: SeriesKey;
    try {
      key = parseSeriesId(series.value.trim());
    } catch (err) {
      throw new BarcatError('BAD_INPUT', `${name}:${n}:${series.column}: ${(err as Error).message}`);
    }
    const instrument = inst.value.trim();
    const before = map.get(instrument);
    if (before)
      throw new BarcatError(
        'BAD_INPUT',
        `${name}:${n}:${inst.column}: instrument "${instrument}" is mapped already at ${before.at}`,
      );
    map.set(instrument, { key, at: `${name}:${n}:${series.column}` });
  });
  return { file, sha256: sha256Hex(text), map };
}

/**
 * The series of each instrument: the series map's, else the instrument read as a series id
 * (VENUE:SYMBOL:TF), else the one series with that symbol at `timeframe`. Every instrument is
 * resolved (and its series checked to exist) before anything is written.
 */
export async function resolveInstruments(
  catalog: Catalog,
  instruments: readonly string[],
  instrumentAt: readonly string[],
  timeframe: Timeframe | undefined,
  seriesMap: SeriesMap | undefined,
): Promise<SeriesKey[]> {
  const listed = await catalog.listSeries();
  const known = new Set(listed.map((s) => s.id));
  return instruments.map((instrument, k) => {
    const at = instrumentAt[k]!;
    const key = pick(instrument, at);
    if (!known.has(seriesId(key)))
      throw new BarcatError(
        'NOT_FOUND',
        `${at}: instrument "${instrument}" maps to series ${seriesId(key)}, which is not in the catalog ${catalog.dir}; run "barcat list"`,
      );
    const why = timeframe === undefined ? undefined : resampleProblem(key.timeframe, timeframe);
    if (why)
      throw new BarcatError(
        'BAD_INPUT',
        `${at}: instrument "${instrument}" maps to ${seriesId(key)}, which cannot give the ${timeframe} bars --timeframe asks: ${timeframe} ${why}`,
      );
    return key;
  });

  function pick(instrument: string, at: string): SeriesKey {
    if (seriesMap) {
      const m = seriesMap.map.get(instrument);
      if (!m)
        throw new BarcatError(
          'BAD_INPUT',
          `${at}: instrument "${instrument}" is not in the series map ${path.basename(seriesMap.file)}; add a line ${instrument},VENUE:SYMBOL:TF`,
        );
      return m.key;
    }
    if (instrument.split(':').length === 3) {
      try {
        return parseSeriesId(instrument);
      } catch (err) {
        throw new BarcatError('BAD_INPUT', `${at}: ${(err as Error).message}`);
      }
    }
    if (timeframe === undefined)
      throw new BarcatError(
        'BAD_INPUT',
        `${at}: instrument "${instrument}" is a symbol; give --timeframe to match it, write VENUE:SYMBOL:TF, or pass --series-map`,
      );
    const symbol = normalizePart(instrument);
    const matches = listed.filter((s) => s.symbol === symbol && s.timeframe === timeframe);
    if (matches.length === 1) return { venue: matches[0]!.venue, symbol, timeframe };
    throw new BarcatError(
      'BAD_INPUT',
      matches.length === 0
        ? `${at}: no ${timeframe} series has the symbol "${instrument}"; run "barcat list" or pass --series-map`
        : `${at}: symbol "${instrument}" at ${timeframe} is in ${matches.length} series (${matches.map((s) => s.id).join(', ')}); write VENUE:SYMBOL:TF or pass --series-map`,
    );
  }
}

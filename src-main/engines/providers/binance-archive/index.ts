import type { Bar } from '../../../../src-shared/domain/bar';
import { DAY } from '../../../../src-shared/domain/timeframe';
import { sha256Hex } from '../../../plumbing/sha256';
import { BINANCE_SPOT_CAPS } from '../binance-spot/index';
import { providerCaps } from '../caps';
import { HttpStatusError, ProtocolError } from '../errors';
import { ARCHIVE_RESPONSE_LIMIT, ARCHIVE_UNZIPPED_LIMIT } from '../limits';
import type { BarQuery, Caller, Provider, ProviderCapabilities } from '../types';
import { checksumSha256 } from './checksum';
import { parseArchiveCsv } from './csv';
import { unzipCsv } from './unzip';

export const BINANCE_ARCHIVE_CAPS: ProviderCapabilities = providerCaps(
  // The archive's files are the klines of the spot API (futures' are a subset): the same intervals.
  BINANCE_SPOT_CAPS.timeframes,
  {
    name: 'binance-archive',
    label: 'Binance public archive (data.binance.vision)',
    // One daily file of 1s bars; files are fetched whole.
    maxRowsPerRequest: 86_400,
    historyFrom: Date.UTC(2017, 7, 1),
    rateLimit: { perMinute: 600 },
    defaultBaseUrl: 'https://data.binance.vision',
    maxResponseBytes: ARCHIVE_RESPONSE_LIMIT,
  },
);

export type ArchiveMarket = 'spot' | 'futures/um';

const pad = (n: number) => String(n).padStart(2, '0');

/** Archive files covering [from, to): whole months as monthly files, the rest as daily files. */
export function archiveFiles(
  from: number,
  to: number,
): { period: 'monthly' | 'daily'; from: number; to: number; stamp: string }[] {
  const out: { period: 'monthly' | 'daily'; from: number; to: number; stamp: string }[] = [];
  let t = Math.floor(from / DAY) * DAY;
  while (t < to) {
    const d = new Date(t);
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
    const ym = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
    if (t === monthStart && monthEnd <= to) {
      out.push({ period: 'monthly', from: t, to: monthEnd, stamp: ym });
      t = monthEnd;
    } else {
      out.push({ period: 'daily', from: t, to: t + DAY, stamp: `${ym}-${pad(d.getUTCDate())}` });
      t += DAY;
    }
  }
  return out;
}

/** A missing archive file (404): not there yet, or never; the engine falls back to the REST API. */
export class ArchiveFileMissing extends Error {
  constructor(readonly file: string) {
    super(`archive file ${file} does not exist (yet)`);
    this.name = 'ArchiveFileMissing';
  }
}

async function fetchFile(baseUrl: string, path: string, call: Caller): Promise<Uint8Array> {
  try {
    return await call({ url: new URL(path, baseUrl), weight: 1, label: path }, (res) => res.body);
  } catch (err) {
    if (err instanceof HttpStatusError && err.status === 404) throw new ArchiveFileMissing(path);
    throw err;
  }
}

export function binanceArchive(
  market: ArchiveMarket = 'spot',
  baseUrl = BINANCE_ARCHIVE_CAPS.defaultBaseUrl,
  maxUnzippedBytes = ARCHIVE_UNZIPPED_LIMIT,
): Provider {
  async function fetchBars(q: BarQuery, call: Caller): Promise<Bar[]> {
    // Loaded on first use: fflate builds its tables at import, which every CLI start would pay.
    const { strFromU8 } = await import('fflate');
    const out: Bar[] = [];
    for (const file of archiveFiles(q.from, q.to)) {
      const name = `${q.symbol}-${q.timeframe}-${file.stamp}.zip`;
      const path = `/data/${market}/${file.period}/klines/${q.symbol}/${q.timeframe}/${name}`;
      const sumText = strFromU8(await fetchFile(baseUrl, `${path}.CHECKSUM`, call));
      const expected = checksumSha256(sumText);
      if (!expected) throw new ProtocolError(`${name}.CHECKSUM is not in sha256sum format`);
      const zip = await fetchFile(baseUrl, path, call);
      const actual = sha256Hex(zip);
      // A re-uploaded file can change between the two downloads; retrying gets a matching pair.
      if (actual !== expected)
        throw new ProtocolError(`${name}: sha256 ${actual} does not match its CHECKSUM ${expected}`);
      const { csvName, text } = await unzipCsv(zip, name, maxUnzippedBytes);
      for (const bar of parseArchiveCsv(text, csvName)) if (bar.ts >= q.from && bar.ts < q.to) out.push(bar);
    }
    return out;
  }
  return { caps: BINANCE_ARCHIVE_CAPS, baseUrl, fetchBars };
}

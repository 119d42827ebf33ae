import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src-main/app/jobs/sample-data';
import {
  batchFromBars,
  type Catalog,
  openCatalog,
  tableToBars,
} from '../../../src-main/engines/catalog/index';
import { BarcatError } from '../../../src-main/plumbing/errors';
import { sha256Hex } from '../../../src-main/plumbing/sha256';
import type { SeriesKey } from '../../../src-shared/domain/series';
import { HOUR, MINUTE } from '../../../src-shared/domain/timeframe';
import { minuteBars, T0, tempDirAll } from '../../main/catalog/helpers';
import { expectManifestChecksAgree } from '../../main/catalog/read/manifest-agree';
import { KEY, SERIES_DIR } from '../fixture';

/**
 * Random mutations of manifests and catalog.json (fixed seed): whatever the content, the catalog is
 * reported, never escaped (nothing beside it is read into results, moved or written) and never
 * crashes: listSeries, verify, query, availability, countExisting, write and rebuild return values or
 * BarcatErrors. After a rebuild, verify finds nothing left to repair.
 */
const SEED = 0x12_5eed;
const CASES = 300;
const PER_TEST = 50;
const HOURLY: SeriesKey = { venue: 'KRAKEN', symbol: 'ETHUSD', timeframe: '1h' };
const KEYS = [KEY, HOURLY];
const FILES = ['manifests/BINANCE~BTCUSDT~1m.json', 'manifests/KRAKEN~ETHUSD~1h.json', 'catalog.json'];
// A decoy partition beside the catalog: its prices (from 999) would prove a read outside.
const DECOY = 'outside.parquet';
const DECOY_PRICE = 999;
const SENTINEL = 'sentinel.txt';
const ESCAPED = 'barcat-fuzz-escaped.parquet';

const CLIMBS = [1, 2, 4, 5, 6, 8].map((n) => '../'.repeat(n));
const STRINGS = [
  ...CLIMBS.map((c) => `${c}${DECOY}`),
  ...CLIMBS.map((c) => `${c}${SENTINEL}`),
  ...CLIMBS.map((c) => `${c}${ESCAPED}`),
  '/etc/passwd',
  '..',
  '.',
  '',
  'a/b',
  '..\\..\\x',
  'C:\\Windows',
  'venue=..',
  '2024-01.v1.parquet',
  '2024-02.v9.parquet',
  '2024.v1.parquet',
  '2024-01',
  'BINANCE',
  'binance',
  'KRAKEN',
  'ETHUSD',
  'x~y',
  '1h',
  '1M',
  '1m',
  '24x7',
  'XNYS',
  'x'.repeat(100),
  'BINANCE:BTCUSDT:1m',
  'KRAKEN:ETHUSD:1h',
  'zstd',
  'lz4',
];
const NUMBERS = [0, -1, 1, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 8.64e15, 1e308, -1e308, T0, T0 + MINUTE];
const OTHERS: unknown[] = [null, true, false, [], {}, [0, 1], [[0, 1e308]], [[T0, T0 - MINUTE]]];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

describe('fuzzed manifests and catalog.json', () => {
  let base: string;
  const tmp = tempDirAll('barcat-fuzz-');
  let template: string;
  let decoy: Buffer;
  const rand = mulberry32(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  beforeAll(async () => {
    base = tmp();
    template = path.join(base, 'template');
    const cat = await openCatalog(path.join(template, 'cat'));
    await cat.write(KEY, batchFromBars(minuteBars(T0, 120)), 'merge');
    await cat.write(HOURLY, batchFromBars(minuteBars(T0, 48, 50, HOUR)), 'merge');
    await cat.recordCheckedEmpty(KEY, [
      { from: T0 + 200 * MINUTE, to: T0 + 300 * MINUTE, provider: 'test', checkedAt: T0 },
    ]);
    await cat.close();
    const other = await openCatalog(path.join(base, 'decoy'));
    await other.write(KEY, batchFromBars(minuteBars(T0, 60, DECOY_PRICE)), 'merge');
    await other.close();
    decoy = readFileSync(path.join(base, 'decoy', SERIES_DIR, '2024-01.v1.parquet'));
    rmSync(path.join(base, 'decoy'), { recursive: true });
  });

  /** Every path into a JSON value, objects and arrays alike. */
  function paths(v: Json, at: (string | number)[] = []): (string | number)[][] {
    const out: (string | number)[][] = at.length > 0 ? [at] : [];
    if (Array.isArray(v)) for (const [i, x] of v.entries()) out.push(...paths(x, [...at, i]));
    else if (v && typeof v === 'object')
      for (const k of Object.keys(v)) out.push(...paths(v[k]!, [...at, k]));
    return out;
  }

  function mutateJson(doc: Json): void {
    const all = paths(doc);
    if (all.length === 0) return;
    const at = pick(all);
    let parent = doc as Record<string | number, Json>;
    for (const k of at.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
    const last = at[at.length - 1]!;
    const roll = rand();
    if (roll < 0.15) {
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
    } else if (roll < 0.55) parent[last] = pick(STRINGS);
    else if (roll < 0.8) parent[last] = pick(NUMBERS);
    else if (roll < 0.9) parent[last] = structuredClone(pick(OTHERS)) as Json;
    else if (Array.isArray(parent)) parent.push(structuredClone(parent[last as number]!));
    else parent[`${String(last)}_`] = parent[last]!;
  }

  /** A partition entry named to a file beside the catalog, its checksum that file's, as a malicious share would. */
  function escapeEntry(doc: Json): void {
    const parts = (doc as { partitions?: Json }).partitions;
    if (!Array.isArray(parts) || parts.length === 0) return;
    const p = pick(parts);
    // An earlier mutation may have made the entry a string or a number: nothing to name then.
    if (typeof p !== 'object' || p === null || Array.isArray(p)) return;
    p.file = `${pick(CLIMBS)}${DECOY}`;
    p.sha256 = sha256Hex(decoy);
    p.bytes = decoy.length;
  }

  function mutate(cat: string): string[] {
    const log: string[] = [];
    const n = 1 + Math.floor(rand() * 3);
    for (let k = 0; k < n; k++) {
      const rel = pick(FILES);
      const file = path.join(cat, rel);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      const roll = rand();
      if (roll < 0.15) {
        const bytes = Buffer.from(text);
        const kind = pick(['truncate', 'flip', 'garbage'] as const);
        const at = Math.floor(rand() * bytes.length);
        if (kind === 'truncate') writeFileSync(file, bytes.subarray(0, at));
        else if (kind === 'flip') {
          bytes[at]! ^= 1 << Math.floor(rand() * 8);
          writeFileSync(file, bytes);
        } else
          writeFileSync(
            file,
            Buffer.concat([bytes.subarray(0, at), Buffer.from('"},]{\0'), bytes.subarray(at)]),
          );
        log.push(`${rel}: ${kind} at ${at}`);
        continue;
      }
      let doc: Json;
      try {
        doc = JSON.parse(text) as Json;
      } catch {
        continue;
      }
      if (roll < 0.3) escapeEntry(doc);
      else mutateJson(doc);
      writeFileSync(file, JSON.stringify(doc));
      log.push(`${rel}: ${JSON.stringify(doc).slice(0, 400)}`);
    }
    return log;
  }

  /** How often each operation answered with a value and with a BarcatError: the fuzz reaches both. */
  const outcomes = new Map<string, number>();
  const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

  /** A result, or undefined for a BarcatError; anything else fails the case with its mutations. */
  async function attempt<T>(what: string, log: string[], fn: () => Promise<T>): Promise<T | undefined> {
    try {
      const value = await fn();
      count(`${what} value`);
      return value;
    } catch (err) {
      count(`${what} ${err instanceof BarcatError ? err.code : 'crash'}`);
      if (err instanceof BarcatError) return undefined;
      throw new Error(`${what} threw ${(err as Error).stack}\nafter mutations:\n${log.join('\n')}`);
    }
  }

  async function runCase(i: number): Promise<void> {
    const caseDir = path.join(base, `case-${i}`);
    const cat = path.join(caseDir, 'cat');
    cpSync(path.join(template, 'cat'), cat, { recursive: true });
    writeFileSync(path.join(caseDir, SENTINEL), 'sentinel\n');
    writeFileSync(path.join(caseDir, DECOY), decoy);
    const sentinelTime = statSync(path.join(caseDir, SENTINEL)).mtimeMs;
    const log = mutate(cat);
    // The read paths' manifest check by hand agrees with ManifestSchema on every mutated manifest.
    for (const rel of FILES.filter((f) => f.startsWith('manifests/'))) {
      const file = path.join(cat, rel);
      if (existsSync(file))
        count(
          `manifest check ${(await expectManifestChecksAgree(readFileSync(file, 'utf8'), file)) ? 'accepted' : 'refused'}`,
        );
    }
    const catalog = await attempt<Catalog>('open', log, () => openCatalog(cat));
    if (catalog) {
      try {
        await attempt('listSeries', log, () => catalog.listSeries());
        await attempt('verify', log, () => catalog.verify());
        for (const key of KEYS) {
          const table = await attempt('query', log, () => catalog.query(key, undefined));
          if (table)
            expect(
              tableToBars(table).filter((b) => b.open >= DECOY_PRICE),
              log.join('\n'),
            ).toEqual([]);
          await attempt('availability', log, () => catalog.availability(key));
          await attempt('countExisting', log, () => catalog.countExisting(key, { from: T0, to: T0 + HOUR }));
        }
        await attempt('write', log, () =>
          catalog.write(KEY, batchFromBars(minuteBars(T0 + 30 * MINUTE, 2, 7)), 'merge'),
        );
        await attempt('rebuild', log, () => catalog.rebuild());
        const after = await attempt('verify after rebuild', log, () => catalog.verify());
        expect(after, log.join('\n')).toMatchObject({ quarantined: [], brokenManifests: [], unlisted: [] });
      } finally {
        await catalog.close();
      }
    }
    expect(readdirSync(caseDir).sort(), log.join('\n')).toEqual(['cat', DECOY, SENTINEL].sort());
    expect(readFileSync(path.join(caseDir, SENTINEL), 'utf8')).toBe('sentinel\n');
    expect(statSync(path.join(caseDir, SENTINEL)).mtimeMs).toBe(sentinelTime);
    expect(readFileSync(path.join(caseDir, DECOY)).equals(decoy)).toBe(true);
    expect(existsSync(path.join(base, ESCAPED)) || existsSync(path.join(os.tmpdir(), ESCAPED))).toBe(false);
    rmSync(caseDir, { recursive: true });
  }

  for (let from = 0; from < CASES; from += PER_TEST)
    it(`cases ${from}-${from + PER_TEST - 1}`, { timeout: 300_000 }, async () => {
      for (let i = from; i < from + PER_TEST; i++) await runCase(i);
      expect(readdirSync(base)).toEqual(['template']);
    });

  it('reached values and refusals alike', () => {
    expect(outcomes.get('manifest check accepted')).toBeGreaterThan(100);
    expect(outcomes.get('manifest check refused')).toBeGreaterThan(100);
    for (const what of ['open', 'query', 'availability', 'countExisting', 'write']) {
      expect(outcomes.get(`${what} value`), what).toBeGreaterThan(10);
      expect(outcomes.get(`${what} CORRUPT`), what).toBeGreaterThan(10);
    }
  });
});

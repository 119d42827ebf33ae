// The manifest check the read paths run by hand (no zod) accepts what ManifestSchema accepts, returns
// the same manifest, and answers a refused one with the schema's own error: on a real manifest and
// each edit below (the manifest fuzz test runs the same comparison on its mutated files).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manifestPath } from '../../../../src-main/engines/catalog/disk/layout';
import { checkManifest } from '../../../../src-main/engines/catalog/disk/manifest-check';
import {
  LastWriteSchema,
  ManifestSchema,
  PartitionEntrySchema,
  QuarantineEntrySchema,
  RowGroupEntrySchema,
} from '../../../../src-main/engines/catalog/disk/manifest-schema';
import { batchFromBars } from '../../../../src-main/engines/catalog/index';
import { CheckedEmptySchema } from '../../../../src-shared/domain/range';
import { KEY } from '../../../hardening/fixture';
import { minuteBars, openTempCatalog, T0 } from '../helpers';
import { expectManifestChecksAgree } from './manifest-agree';

type Doc = Record<string, unknown> & { partitions: Record<string, unknown>[] };
const IBKR = { whatToShow: 'TRADES', useRth: true, conId: 0, secType: 'STK' };

/** An edit setting `key` at the manifest's top. */
const setKey =
  (key: string, value: unknown) =>
  (d: Doc): void => {
    d[key] = value;
  };

/** An edit setting `key` in the manifest's first partition. */
const inPartition =
  (key: string, value: unknown) =>
  (d: Doc): void => {
    d.partitions[0]![key] = value;
  };

// Each edit of a real manifest, and whether the schema accepts it (so both outcomes are compared).
const EDITS: [string, (d: Doc) => void, boolean][] = [
  ['as written', () => {}, true],
  [
    'an unknown key at the top and in a partition (dropped)',
    (d) => {
      d.extra = 1;
      d.partitions[0]!.extra = 'x';
    },
    true,
  ],
  [
    'defaults left out',
    (d) => {
      for (const k of ['lastWrite', 'pendingDelete', 'quarantined']) delete d[k];
      delete d.partitions[0]!.extraColumns;
    },
    true,
  ],
  ['provider null', setKey('provider', null), true],
  ['provider named', setKey('provider', 'binance'), true],
  ['provider a number', setKey('provider', 5), false],
  ['ibkr of a stock', setKey('ibkr', IBKR), true],
  ['ibkr of a future with its expiry', setKey('ibkr', { ...IBKR, secType: 'FUT', expiry: '202503' }), true],
  ['ibkr of a future without expiry', setKey('ibkr', { ...IBKR, secType: 'FUT' }), false],
  ['ibkr of a stock with an expiry', setKey('ibkr', { ...IBKR, expiry: '202503' }), false],
  ['ibkr continuous future with a conId', setKey('ibkr', { ...IBKR, secType: 'CONTFUT', conId: 5 }), false],
  ['ibkr with an unknown key (strict)', setKey('ibkr', { ...IBKR, x: 1 }), false],
  ['ibkr conId past 2^31-1', setKey('ibkr', { ...IBKR, conId: 2 ** 31 }), false],
  ['ibkr bad expiry', setKey('ibkr', { ...IBKR, secType: 'FUT', expiry: '2025' }), false],
  ['timeframe 60s (the canonical 1m)', setKey('timeframe', '60s'), true],
  ['timeframe 24h', setKey('timeframe', '24h'), false],
  ['venue not normalized', setKey('venue', 'binance'), false],
  ['symbol with ..', setKey('symbol', 'A..B'), false],
  ['format 2', setKey('format', 2), false],
  ['rows 1.5', inPartition('rows', 1.5), false],
  ['rows 2^53 (not a safe integer)', inPartition('rows', 2 ** 53), false],
  ['minTs infinite (1e400 in the text)', inPartition('minTs', 'INF'), false],
  ['a covered run of 3 numbers', inPartition('covered', [[1, 2, 3]]), false],
  ['a covered run of 1 number', inPartition('covered', [[1]]), false],
  ['a file of another partition key', inPartition('file', '2023-01.v1.parquet'), false],
  ['a file that is a path', inPartition('file', '../2024-01.v1.parquet'), false],
  ['pendingDelete a path', setKey('pendingDelete', ['../../x.parquet']), false],
  ['pendingDelete a partition file', setKey('pendingDelete', ['2024-01.v9.parquet']), true],
  [
    'lastWrite with counts and undo',
    setKey('lastWrite', {
      at: 1,
      source: 's',
      mode: 'merge',
      counts: { added: 1, replaced: 0, removed: 0 },
      undo: { at: 2, generations: [1] },
    }),
    true,
  ],
  [
    'lastWrite counts 0.5',
    setKey('lastWrite', {
      at: 1,
      source: 's',
      mode: 'merge',
      counts: { added: 0.5, replaced: 0, removed: 0 },
    }),
    false,
  ],
  [
    'a checked-empty range of floats',
    setKey('checkedEmpty', [{ from: 0.5, to: 1, provider: 'p', checkedAt: 1 }]),
    false,
  ],
  [
    'quarantined entry',
    setKey('quarantined', [{ file: 'f', movedTo: 'm', reason: 'r', at: 1, lostFrom: 0.5, lostTo: 2 }]),
    true,
  ],
  ['partitions an object', setKey('partitions', {}), false],
  ['the series of another timeframe', setKey('series', 'BINANCE:BTCUSDT:1h'), true],
];

describe('the manifest check by hand', () => {
  let base: string;
  let file: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const t = await openTempCatalog('barcat-manifest-check-');
    await t.cat.write(KEY, batchFromBars(minuteBars(T0, 120)), 'merge');
    await t.cat.recordCheckedEmpty(KEY, [
      { from: T0 + 200 * 60_000, to: T0 + 300 * 60_000, provider: 'test', checkedAt: T0 },
    ]);
    file = manifestPath(t.dir, KEY);
    base = readFileSync(file, 'utf8');
    close = t.close;
  });
  afterAll(async () => close());

  for (const [what, edit, accepted] of EDITS)
    it(`agrees with ManifestSchema: ${what}`, async () => {
      const doc = JSON.parse(base) as Doc;
      edit(doc);
      const text = JSON.stringify(doc).replace('"INF"', '1e400');
      expect(await expectManifestChecksAgree(text, file)).toBe(accepted);
    });

  it('keeps every key of every schema shape when each is filled (none dropped at the next write)', async () => {
    const doc = JSON.parse(base) as Doc;
    doc.provider = 'binance';
    doc.ibkr = IBKR;
    doc.lastWrite = {
      at: 1,
      source: 's',
      mode: 'merge',
      counts: { added: 1, replaced: 2, removed: 3 },
      undo: { at: 2, generations: [1] },
    };
    doc.pendingDelete = ['2020-01.v1.parquet'];
    doc.quarantined = [{ file: 'f', movedTo: 'm', reason: 'r', at: 1, lostFrom: 0, lostTo: 2 }];
    doc.partitions[0]!.extraColumns = ['trades'];
    const keys = (o: unknown) => Object.keys(o as object).sort();
    const lw = doc.lastWrite as Record<string, unknown>;
    const filled: [unknown, { shape: object }][] = [
      [doc, ManifestSchema],
      [doc.partitions[0], PartitionEntrySchema],
      [(doc.partitions[0]!.rowGroups as unknown[])[0], RowGroupEntrySchema],
      [(doc.checkedEmpty as unknown[])[0], CheckedEmptySchema],
      [lw, LastWriteSchema],
      [lw.counts, LastWriteSchema.shape.counts.unwrap()],
      [lw.undo, LastWriteSchema.shape.undo.unwrap()],
      [(doc.quarantined as unknown[])[0], QuarantineEntrySchema],
    ];
    for (const [value, schema] of filled) expect(keys(value)).toStrictEqual(keys(schema.shape));
    const text = JSON.stringify(doc);
    expect(await expectManifestChecksAgree(text, file)).toBe(true);
    expect(checkManifest(JSON.parse(text))).toStrictEqual(JSON.parse(text));
  });
  it('agrees on texts that are no manifest: not JSON, null, an array, a number', async () => {
    for (const text of ['{"format":1', 'null', '[]', '1', '{}'])
      expect(await expectManifestChecksAgree(text, file)).toBe(false);
  });
});

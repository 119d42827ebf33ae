import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src-main/engines/catalog/types';
import { REGISTRY_FILE } from '../../../../src-main/engines/import/files/registry';
import {
  type AuditRecord,
  listAudit,
  markAbandonedSessions,
  previewImport,
  runImport,
} from '../../../../src-main/engines/import/index';
import type { ImportProgress } from '../../../../src-shared/domain/import';
import { importCatalogEach } from '../helpers';
import { REAL_DIR } from '../real-files';

const ALL = { from: -8.64e15, to: 8.64e15 };
let catalog: Catalog;
let catDir: string;
let dataDir: string;
importCatalogEach((c) => {
  ({ catalog, catDir, dataDir } = c);
});

function hourly(n: number, startIso = '2024-01-01T00:00:00Z', step = 3_600_000): string {
  const t0 = Date.parse(startIso);
  const rows = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < n; i++)
    rows.push(`${new Date(t0 + i * step).toISOString()},${10 + i},${11 + i},${9 + i},${10.5 + i},${100 + i}`);
  return `${rows.join('\n')}\n`;
}

const key = (symbol: string, timeframe: '1h' | '1m' | '1d' = '1h') => ({ venue: 'CSV', symbol, timeframe });

describe('runImport', () => {
  it('imports once; the same bytes again are a no-op that says so; --force or changed bytes import again', async () => {
    const f = path.join(dataDir, 'AAA_1h.csv');
    writeFileSync(f, hourly(48));
    const first = await runImport(catalog, { paths: [f] });
    expect(first.files[0]).toMatchObject({ status: 'imported', rowsWritten: 48, series: 'CSV:AAA:1h' });
    const again = await runImport(catalog, { paths: [f] });
    expect(again.files[0]?.status).toBe('unchanged');
    expect(again.files[0]?.message).toMatch(/already imported into CSV:AAA:1h .*use --force/);
    expect(again.rowsWritten).toBe(0);
    const forced = await runImport(catalog, { paths: [f], force: true });
    expect(forced.files[0]?.status).toBe('imported');
    writeFileSync(f, hourly(72));
    const changed = await runImport(catalog, { paths: [f], mode: 'skip' });
    expect(changed.files[0]).toMatchObject({ status: 'imported', rowsWritten: 24, rowsSkipped: 48 });
    expect(await catalog.countExisting(key('AAA'), ALL)).toBe(72);
    const registry = JSON.parse(readFileSync(path.join(catDir, REGISTRY_FILE), 'utf8'));
    const entries = Object.values(registry.entries) as {
      sha256: string;
      size: number;
      series: string;
      mapping: { tz: string };
    }[];
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({ series: 'CSV:AAA:1h', mapping: { tz: 'UTC' } });
    expect(entries[0]?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes one audit record per session with files, rows per series, errors and final status', async () => {
    writeFileSync(path.join(dataDir, 'AAA_1h.csv'), hourly(10));
    writeFileSync(path.join(dataDir, 'BBB_1h.csv'), hourly(5).replace(',9,', ',99,'));
    writeFileSync(path.join(dataDir, 'notes.md'), 'not data');
    const s = await runImport(
      catalog,
      { paths: [dataDir] },
      { now: () => new Date(Date.UTC(2025, 4, 6, 7, 8, 9)) },
    );
    expect(s.sessionId).toBe('MULTI_20250506_070809');
    expect(s.status).toBe('partial');
    const rec = JSON.parse(readFileSync(s.auditFile as string, 'utf8')) as AuditRecord;
    expect(rec).toMatchObject({
      sessionId: 'MULTI_20250506_070809',
      status: 'partial',
      filesDiscovered: 2,
      filesImported: 1,
      filesFailed: 1,
      rowsWrittenPerSeries: { 'CSV:AAA:1h': 10 },
    });
    expect(rec.errors[0]).toMatch(/BBB_1h.csv was rejected: .*line 2, column low: low 99 is above min/);
    expect(rec.finishedAt).not.toBeNull();
    expect(Object.keys(rec.timings.perFile)).toHaveLength(2);
  });

  it('marks a session left running by a dead process as failed on the next run', async () => {
    mkdirSync(path.join(catDir, 'audit'), { recursive: true });
    const stale: Partial<AuditRecord> = {
      sessionId: 'X_20240101_000000',
      status: 'running',
      pid: 2 ** 22 + 12345,
      startedAt: '2024-01-01T00:00:00Z',
      finishedAt: null,
    };
    writeFileSync(path.join(catDir, 'audit', 'X_20240101_000000.json'), JSON.stringify(stale));
    expect(await markAbandonedSessions(catDir)).toEqual(['X_20240101_000000']);
    const [rec] = await listAudit(catDir);
    expect(rec).toMatchObject({ status: 'failed' });
    expect(rec?.note).toMatch(/ended before the session finished/);
  });

  it('imports a folder filtered by name pattern, years and months, as one session', async () => {
    for (const [y, m] of [
      [2023, 12],
      [2024, 1],
      [2024, 2],
      [2024, 3],
    ] as const) {
      const start = `${y}-${String(m).padStart(2, '0')}-01T00:00:00Z`;
      writeFileSync(
        path.join(dataDir, `ETHUSDT-1h-${y}-${String(m).padStart(2, '0')}.csv`),
        hourly(3, start),
      );
    }
    const s = await runImport(catalog, {
      paths: [dataDir],
      overrides: { namePattern: '{SYMBOL}-{TF}-{YYYY}-{MM}' },
      years: [2024, 2024],
      months: [1, 2],
    });
    expect(s.files.map((f) => [path.basename(f.file), f.status])).toEqual([
      ['ETHUSDT-1h-2023-12.csv', 'filtered'],
      ['ETHUSDT-1h-2024-03.csv', 'filtered'],
      ['ETHUSDT-1h-2024-01.csv', 'imported'],
      ['ETHUSDT-1h-2024-02.csv', 'imported'],
    ]);
    expect(s.sessionId).toMatch(/^ETHUSDT_\d{8}_\d{6}$/);
    expect(await catalog.countExisting(key('ETHUSDT'), ALL)).toBe(6);
    expect(readdirSync(path.join(catDir, 'audit'))).toHaveLength(1);
  });

  it('sorts, collapses identical duplicates and rejects conflicting ones', async () => {
    const f = path.join(dataDir, 'DUP_1h.csv');
    const lines = hourly(4).trim().split('\n');
    writeFileSync(f, [lines[0], lines[3], lines[1], lines[2], lines[1]].join('\n'));
    const ok = await runImport(catalog, { paths: [f] });
    expect(ok.files[0]).toMatchObject({ status: 'imported', rowsWritten: 3, rowsSkipped: 1 });
    expect(ok.files[0]?.problemCounts).toMatchObject({ unsorted: 1, duplicate_identical: 1 });
    const g = path.join(dataDir, 'CONF_1h.csv');
    writeFileSync(g, [lines[0], lines[1], lines[2], lines[1]?.replace(',100', ',555')].join('\n'));
    const bad = await runImport(catalog, { paths: [g] });
    expect(bad.files[0]?.status).toBe('rejected');
    expect(bad.files[0]?.problems.filter((p) => p.rule === 'duplicate_conflict').map((p) => p.line)).toEqual([
      2, 4,
    ]);
    const skip = await runImport(catalog, { paths: [g], onError: 'skip' });
    expect(skip.files[0]).toMatchObject({ status: 'imported', rowsWritten: 1, rowsInvalid: 2 });
  });

  it('converts naive times in a DST zone and keys daily bars by their date', async () => {
    const f = path.join(dataDir, 'NY_1h.csv');
    writeFileSync(
      f,
      'Date,Time,Open,High,Low,Close\n2024-03-08,09:00,1,2,0.5,1.5\n2024-03-08,10:00,1,2,0.5,1.5\n2024-03-11,09:00,1,2,0.5,1.5\n',
    );
    const s = await runImport(catalog, {
      paths: [f],
      overrides: { tz: 'America/New_York', timeframe: '1h' },
    });
    expect(s.files[0]?.firstBar).toBe(Date.parse('2024-03-08T14:00:00Z'));
    expect(s.files[0]?.lastBar).toBe(Date.parse('2024-03-11T13:00:00Z'));
    const d = path.join(dataDir, 'TOKYO_d.csv');
    writeFileSync(d, 'Date,Open,High,Low,Close\n2024-03-08,1,2,0.5,1.5\n2024-03-11,1,2,0.5,1.5\n');
    const daily = await runImport(catalog, { paths: [d], overrides: { tz: 'Asia/Tokyo' } });
    expect(daily.files[0]).toMatchObject({
      series: 'CSV:TOKYO:1d',
      firstBar: Date.parse('2024-03-08T00:00:00Z'),
    });
  });

  it('reports progress no more often than every 100 ms and ends with a done event', async () => {
    const f = path.join(dataDir, 'BIG_1m.csv');
    writeFileSync(f, hourly(200_000, '2020-01-01T00:00:00Z', 60_000));
    const events: { at: number; p: ImportProgress }[] = [];
    await runImport(catalog, { paths: [f] }, { onProgress: (p) => events.push({ at: Date.now(), p }) });
    expect(events.at(-1)?.p).toMatchObject({ phase: 'done', files: 1 });
    const reading = events.filter((e) => e.p.phase === 'reading');
    for (let i = 1; i < reading.length; i++)
      expect(
        (reading[i] as { at: number }).at - (reading[i - 1] as { at: number }).at,
      ).toBeGreaterThanOrEqual(99);
    expect(await catalog.countExisting(key('BIG', '1m'), ALL)).toBe(200_000);
  });

  it('cancelled through an AbortSignal leaves the catalog untouched', async () => {
    const f = path.join(dataDir, 'CAN_1m.csv');
    writeFileSync(f, hourly(100_000, '2020-01-01T00:00:00Z', 60_000));
    const ac = new AbortController();
    const s = await runImport(catalog, { paths: [f] }, { signal: ac.signal, onProgress: () => ac.abort() });
    expect(s.status).toBe('cancelled');
    expect(s.files[0]?.status).toBe('cancelled');
    expect(await catalog.listSeries()).toEqual([]);
    const rec = JSON.parse(readFileSync(s.auditFile as string, 'utf8')) as AuditRecord;
    expect(rec.status).toBe('cancelled');
  });

  it('dry run writes nothing and previews the first rows as stored', async () => {
    const f = path.join(REAL_DIR, 'cryptodatadownload/Coinbase_BTCUSD_1h.csv');
    const s = await runImport(catalog, { paths: [f], dryRun: true });
    expect(s.files[0]).toMatchObject({ status: 'dry-run', rowsRead: 13802 });
    expect(s.auditFile).toBeNull();
    expect(await catalog.listSeries()).toEqual([]);
    const pv = await previewImport(f);
    expect(pv).toMatchObject({
      ok: true,
      format: { delimiter: ',', hasHeader: true, skipLines: 1 },
      mapping: { ts: 0, open: 2, high: 3, low: 4, close: 5, volume: 7 },
      ignoredColumns: ['symbol', 'volume_btc'],
      tz: 'UTC',
      tzSource: 'default',
      series: {
        venue: 'COINBASE',
        symbol: 'BTCUSD',
        timeframe: '1h',
        sources: { venue: 'file-name', symbol: 'file-name', timeframe: 'file-name' },
        conflicts: [],
      },
      inferredTimeframe: '1h',
      dateOrderAmbiguous: false,
      sampledRows: 200,
    });
    // The sample is the newest 200 hours (the file is newest first), shown oldest first.
    expect(pv.rows[0]?.ts).toBe(Date.parse('2019-10-09T02:00:00Z'));
  });

  it('previews: asks for the date order when ambiguous, reports timeframe conflicts, refuses ticks', async () => {
    const f = path.join(dataDir, 'AMB_1d.csv');
    writeFileSync(f, 'date,open,high,low,close\n01/02/2024,1,2,0.5,1\n02/03/2024,1,2,0.5,1\n');
    const pv = await previewImport(f);
    expect(pv.dateOrderAmbiguous).toBe(true);
    const pv2 = await previewImport(f, { dateOrder: 'DMY' });
    expect(pv2.dateOrderAmbiguous).toBe(false);
    expect(pv2.rows[0]?.ts).toBe(Date.parse('2024-02-01T00:00:00Z'));
    const g = path.join(dataDir, 'XYZ-1h-2024-01.csv');
    writeFileSync(g, hourly(5, '2024-01-01T00:00:00Z', 60_000));
    const pg = await previewImport(g);
    expect(pg.series.conflicts).toEqual(['the file name says 1h but the bar spacing says 1m']);
    expect(pg.issues.map((i) => i.rule)).toEqual(['spacing', 'off_grid', 'off_grid', 'off_grid', 'off_grid']);
    const tick = await previewImport(path.join(REAL_DIR, 'histdata-tick/quote_tick_data.csv'));
    expect(tick).toMatchObject({ ok: false });
    expect(tick.reason).toMatch(/tick or quote data/);
  });

  it('copies keep working from the file name alone (symbol and timeframe)', async () => {
    const f = path.join(dataDir, 'BTCUSDT-1h-2024-11.csv');
    copyFileSync(path.join(REAL_DIR, 'binance-kline/BTCUSDT-1h-2024-11.csv'), f);
    const s = await runImport(catalog, { paths: [f] });
    expect(s.files[0]).toMatchObject({ series: 'BINANCE:BTCUSDT:1h', rowsWritten: 720 });
  });
});

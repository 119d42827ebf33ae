import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandOutput, ImportFilePreview, JobView } from '../../../src-shared/contract';
import type { TickSeriesRow } from '../../../src-shared/domain/ticks';
import { HISTDATA_TICK_FILE, HISTDATA_TICK_PLAN, histdataTicks } from '../../helpers/ticks/histdata-ticks';
import { finishedJob, tempCoreOf } from '../temp-core';

const { call, dir } = tempCoreOf('barcat-tick-app-');

async function preview(file: string, ticks?: object): Promise<ImportFilePreview> {
  const out = await call<CommandOutput<'previewImport'>>('previewImport', {
    files: [{ path: file, ...(ticks ? { ticks } : {}) }],
  });
  return out.files[0]!;
}

async function importShown(p: ImportFilePreview, onError = 'reject'): Promise<JobView> {
  const { jobId } = await call<{ jobId: string }>('startImport', {
    files: [{ path: p.path, planId: p.planId }],
    mode: 'merge',
    onError,
  });
  return finishedJob(call, jobId);
}

describe('tick files in the import dialog (previewImport, startImport, listTickSeries)', () => {
  it('a HistData tick file gets a tick card: its plan, the first ticks; "both" at 1m from mid imports ticks and bars', async () => {
    const file = path.join(dir(), HISTDATA_TICK_FILE);
    writeFileSync(file, histdataTicks());
    const detected = await preview(file);
    expect(detected).toMatchObject({ ok: true, error: null, preview: null, seriesId: null });
    expect(detected.tick!.plan).toEqual({
      ...HISTDATA_TICK_PLAN,
      ticks: 'keep',
      price: null,
      timeframe: null,
    });
    expect(detected.tick!.columns).toEqual(['bid', 'ask', 'bid_size', 'ask_size']);
    // 10:00 EST = 15:00 UTC.
    expect(detected.tick!.rows.slice(0, 2)).toEqual([
      { ts: Date.UTC(2024, 0, 2, 15), values: [1.1, 1.1002, null, null] },
      { ts: Date.UTC(2024, 0, 2, 15, 0, 15), values: [1.1001, 1.1003, null, null] },
    ]);
    expect(detected.tick!.rows).toHaveLength(5);

    // Bars without a timeframe: the card says what is missing and has no plan to run.
    const noTf = await preview(file, { ticks: 'both', price: 'mid' });
    expect(noTf).toMatchObject({ ok: false, planId: null });
    expect(noTf.error).toBe('--ticks both builds bars: pass --timeframe (1s or longer)');
    const last = await preview(file, { ticks: 'both', price: 'last', timeframe: '1m' });
    expect(last.error).toBe('it holds quotes: bars from it use --price bid, ask or mid, not last');

    const both = await preview(file, { ticks: 'both', price: 'mid', timeframe: '1m' });
    expect(both.ok).toBe(true);
    expect(both.tick!.plan).toEqual({ ...HISTDATA_TICK_PLAN, ticks: 'both', price: 'mid', timeframe: '1m' });
    const job = await importShown(both);
    expect(job.state).toBe('done');
    expect(job.message).toBe('16 ticks and 4 bars written from 1 file (4 added, 0 replaced, 0 removed)');
    expect(job.seriesIds).toEqual(['HISTDATA:EURUSD:quotes', 'HISTDATA:EURUSD:1m']);
    expect(job.importFiles).toEqual([
      {
        name: HISTDATA_TICK_FILE,
        series: 'HISTDATA:EURUSD:1m',
        tickSeries: 'HISTDATA:EURUSD:quotes',
        status: 'imported',
        message: null,
        rowsRead: 16,
        ticksWritten: 16,
        rowsAdded: 4,
        rowsReplaced: 0,
        rowsRemoved: 0,
        rowsSkipped: 0,
        rowsInvalid: 0,
        problemCounts: {},
        problems: [],
      },
    ]);

    // The bars are a normal series: mid of the first minute's four ticks.
    const bars = await call<{ columns: string[]; rows: (number | null)[][] }>('queryPreview', {
      id: 'HISTDATA:EURUSD:1m',
      limit: 10,
    });
    expect(bars.rows.map((r) => r[0])).toEqual([
      Date.UTC(2024, 0, 2, 15, 0),
      Date.UTC(2024, 0, 2, 15, 1),
      Date.UTC(2024, 0, 2, 15, 2),
      Date.UTC(2024, 0, 4, 15, 0),
    ]);
    const ticks = await call<TickSeriesRow[]>('listTickSeries');
    expect(ticks).toEqual([
      {
        id: 'HISTDATA:EURUSD:quotes',
        venue: 'HISTDATA',
        symbol: 'EURUSD',
        kind: 'quotes',
        ticks: 16,
        first: Date.UTC(2024, 0, 2, 15) * 1000,
        last: Date.UTC(2024, 0, 4, 15, 0, 45) * 1000,
        days: 2,
        calendar: 'fx',
        gapDays: ['2024-01-03'],
      },
    ]);

    // The same bytes by the same plan again: unchanged, nothing written.
    const again = await importShown(await preview(file, { ticks: 'both', price: 'mid', timeframe: '1m' }));
    expect(again.importFiles![0]).toMatchObject({ status: 'unchanged', ticksWritten: 0, rowsAdded: 0 });
  });

  it('a crossed quote: reject writes nothing and names the row; skip leaves it out and counts it', async () => {
    const file = path.join(dir(), HISTDATA_TICK_FILE);
    writeFileSync(file, `${histdataTicks()}20240104 100100000,1.2000,1.1000,0\n`);
    const rejected = await importShown(await preview(file));
    expect(rejected.state).toBe('failed');
    expect(rejected.importFiles![0]).toMatchObject({
      status: 'rejected',
      ticksWritten: 0,
      rowsRead: 17,
      rowsInvalid: 1,
      problemCounts: { crossed_quote: 1 },
      problems: [{ line: 17, column: '2', value: '1.2000', rule: 'crossed_quote', severity: 'error' }],
    });
    expect(await call<TickSeriesRow[]>('listTickSeries')).toEqual([]);
    const skipped = await importShown(await preview(file), 'skip');
    expect(skipped.state).toBe('done');
    expect(skipped.importFiles![0]).toMatchObject({ status: 'imported', ticksWritten: 16, rowsInvalid: 1 });
    expect(skipped.message).toBe(
      '16 ticks and 0 bars written from 1 file (0 added, 0 replaced, 0 removed), 1 invalid rows',
    );
  });

  it('a Binance trades file: a trades card (price, size, side, id); bars only at 1m from last write no ticks', async () => {
    const file = path.join(dir(), 'BTCUSDT-trades-2024-01-02.csv');
    const t0 = Date.UTC(2024, 0, 2);
    writeFileSync(
      file,
      [
        `1,42000.5,0.5,21000.25,${t0},true,true`,
        `2,42001.0,0.25,10500.25,${t0 + 30_000},false,true`,
        `3,42002.0,1,42002,${t0 + 60_000},false,true`,
      ].join('\n'),
    );
    const card = await preview(file, { ticks: 'bars', price: 'last', timeframe: '1m' });
    expect(card.ok).toBe(true);
    expect(card.tick!.plan).toMatchObject({
      format: 'binance-trades',
      kind: 'trades',
      venue: 'BINANCE',
      symbol: 'BTCUSDT',
      ticks: 'bars',
      price: 'last',
      timeframe: '1m',
    });
    expect(card.tick!.columns).toEqual(['price', 'size', 'side', 'id']);
    // is_buyer_maker true: the seller was the aggressor (side -1).
    expect(card.tick!.rows).toEqual([
      { ts: t0, values: [42000.5, 0.5, -1, 1] },
      { ts: t0 + 30_000, values: [42001, 0.25, 1, 2] },
      { ts: t0 + 60_000, values: [42002, 1, 1, 3] },
    ]);
    const job = await importShown(card);
    expect(job.message).toBe('0 ticks and 2 bars written from 1 file (2 added, 0 replaced, 0 removed)');
    expect(job.importFiles![0]).toMatchObject({
      status: 'imported',
      ticksWritten: 0,
      rowsAdded: 2,
      series: 'BINANCE:BTCUSDT:1m',
    });
    expect(await call<TickSeriesRow[]>('listTickSeries')).toEqual([]);
  });
});

import { describe, expect, inject, it } from 'vitest';
import type { JobView } from '../../src-shared/contract';
import type { DbImportPreview } from '../../src-shared/domain/job-kinds/db-import';
import { tempCoreOf } from '../contract/temp-core';
import { barsOf, barsTable, catalogBars, minuteRows } from './helpers';

const { call, dir, core } = tempCoreOf('barcat-appdb-');

/** Resolves with the job once the core announces it ended. */
function ended(jobId: string): Promise<JobView> {
  return new Promise((resolve) => {
    const off = core().events.subscribe((name, payload) => {
      if (name !== 'jobChanged') return;
      const job = (payload as { job: JobView }).job;
      if (job.id === jobId && !['running', 'queued'].includes(job.state)) {
        off();
        resolve(job);
      }
    });
  });
}

describe('Import from database, through the core the app runs', () => {
  const rows = [
    ...minuteRows('NYSE', 'IBM', '2024-05-31T23:58:00Z', 4, 180),
    ...minuteRows('NYSE', 'MSFT', '2024-05-31T23:59:00Z', 2, 420),
  ];
  const url = () => inject('pgUrl');
  const source = () => ({ url: url(), table: 'app_bars', seriesFrom: ['venue', 'symbol'], timeframe: '1m' });

  it('tests the connection, previews the first rows as the import reads them, and runs the import as a job', async () => {
    await barsTable('app_bars', [
      ...rows,
      { ...rows[0]!, symbol: 'MSFT', ts: '2024-06-01T00:05:00.000Z', high: 1 },
    ]);
    expect(await call('testDbConnection', { url: url() })).toEqual({ target: url() });

    const preview = await call<DbImportPreview>('previewDbImport', source());
    expect(preview.tsKind).toBe('instant');
    expect(preview.map).toEqual({
      ts: 'ts',
      open: 'open',
      high: 'high',
      low: 'low',
      close: 'close',
      volume: 'volume',
    });
    expect(preview.rows.map((r) => r.key)).toEqual([
      'NYSE:IBM:1m@2024-05-31T23:58:00.000Z',
      'NYSE:IBM:1m@2024-05-31T23:59:00.000Z',
      'NYSE:MSFT:1m@2024-05-31T23:59:00.000Z',
      'NYSE:IBM:1m@2024-06-01T00:00:00.000Z',
      'NYSE:MSFT:1m@2024-06-01T00:00:00.000Z',
      'NYSE:IBM:1m@2024-06-01T00:01:00.000Z',
      'NYSE:MSFT:1m@2024-06-01T00:05:00.000Z',
    ]);
    expect(preview.rows[6]?.problem).toBe(
      'high: high 1 is below max(open 180, close 179.625) (high_below_max)',
    );

    await expect(call('startDbImport', { planId: 'nope', mode: 'skip' })).rejects.toThrow(
      'startDbImport: database import plan nope is not known (the app was restarted, it was previewed too long ago, or never); preview the import again',
    );
    const { jobId } = await call<{ jobId: string }>('startDbImport', {
      planId: preview.planId,
      mode: 'skip',
      onError: 'skip',
    });
    const job = await ended(jobId);
    expect(job.kind).toBe('db-import');
    expect(job.state).toBe('done');
    expect(job.message).toBe(
      '7 rows read into 2 series: added 6, replaced 0, removed 0, skipped 0 (existing won); 1 rows left out; parity OK',
    );
    expect(job.problems).toContain(
      '  NYSE:MSFT:1m@2024-06-01T00:05:00.000Z high: high 1 is below max(open 180, close 179.625) (high_below_max)',
    );
    expect(job.seriesIds).toEqual(['NYSE:IBM:1m', 'NYSE:MSFT:1m']);
    expect(await catalogBars(`${dir()}/catalog`, 'NYSE:IBM:1m')).toEqual(barsOf(rows.slice(0, 4)));
    expect(await catalogBars(`${dir()}/catalog`, 'NYSE:MSFT:1m')).toEqual(barsOf(rows.slice(4)));
  });

  it('refuses a URL with a password', async () => {
    await expect(call('testDbConnection', { url: 'postgres://u:pw@127.0.0.1/db' })).rejects.toThrow(
      'the database URL carries a password: remove it and set PGPASSWORD or use ~/.pgpass',
    );
  });
});

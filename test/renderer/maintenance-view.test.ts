import { beforeEach, describe, expect, it } from 'vitest';
import { installTransport } from '../../src-renderer/api/client';
import { plainReason, whatToDo } from '../../src-renderer/features/jobs/maintenance-view';
import { runningMaintenance, useJobsStore } from '../../src-renderer/stores/jobs';
import type { JobView } from '../../src-shared/contract';
import { fakeTransport } from './fake-transport';

const FILE = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m/2024-02.v1.parquet';

describe('maintenance findings in plain words', () => {
  it('explains each reason the catalog gives', () => {
    expect(plainReason('checksum mismatch: manifest has sha256 0123456789ab…, file has ba9876543210…')).toBe(
      'The file changed after it was written: its checksum no longer matches.',
    );
    expect(plainReason('not readable as Parquet (Parquet magic bytes not found)')).toBe(
      'The file is damaged: it cannot be read as Parquet.',
    );
    expect(plainReason('cannot read the file (ENOENT)')).toBe('The file is missing or cannot be opened.');
    expect(plainReason('file holds 10 rows, manifest says 60')).toBe(
      'The file holds a different number of bars than recorded.',
    );
    expect(plainReason('something new')).toBe('The file cannot be used: something new.');
  });

  it('says where the file went and what to do about its bars', () => {
    const q = {
      series: 'BINANCE:BTCUSDT:1m',
      file: FILE,
      movedTo: `.quarantine/${FILE}`,
      reason: 'checksum mismatch',
      lostRange: { from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 1, 1, 1) },
    };
    expect(whatToDo(q)).toBe(
      `Moved to .quarantine/${FILE} (not deleted). 2024-02-01 00:00 → 2024-02-01 01:00 of BINANCE:BTCUSDT:1m now shows as a gap: backfill it or import that range again.`,
    );
    expect(whatToDo({ ...q, lostRange: null, reason: 'older duplicate of a partition' })).toBe(
      `Moved to .quarantine/${FILE} (not deleted). No bars are missing: a newer file holds them.`,
    );
    expect(whatToDo({ ...q, lostRange: null, reason: 'not readable as Parquet (x)' })).toBe(
      `Moved to .quarantine/${FILE} (not deleted). Its bars (2024-02) are no longer in the catalog: backfill or re-import that period.`,
    );
  });
});

describe('starting verify and rebuild', () => {
  beforeEach(() => useJobsStore.setState({ jobs: {}, open: false, error: null }));

  it('starts the job, opens the panel, and returns a refusal in words', async () => {
    let busy = false;
    const { transport, calls } = fakeTransport({
      startVerify: () => {
        if (busy)
          throw new Error('"Verify catalog" is still running; wait for it to finish or cancel it in Jobs');
        busy = true;
        return { jobId: 'verify-1' };
      },
      startRebuild: () => ({ jobId: 'rebuild-1' }),
    });
    installTransport(transport);
    expect(await useJobsStore.getState().startMaintenance('verify')).toBeNull();
    expect(useJobsStore.getState().open).toBe(true);
    expect(await useJobsStore.getState().startMaintenance('verify')).toBe(
      '"Verify catalog" is still running; wait for it to finish or cancel it in Jobs',
    );
    expect(await useJobsStore.getState().startMaintenance('rebuild')).toBeNull();
    expect(calls.map((c) => [c.name, c.input])).toEqual([
      ['startVerify', {}],
      ['startVerify', {}],
      ['startRebuild', {}],
    ]);
  });

  it('knows when a verify or rebuild is running', () => {
    const job = (id: string, kind: JobView['kind'], state: JobView['state']) =>
      ({ id, kind, state }) as JobView;
    expect(runningMaintenance({ a: job('a', 'import', 'running'), b: job('b', 'verify', 'done') })).toBe(
      undefined,
    );
    const r = job('c', 'rebuild', 'running');
    expect(runningMaintenance({ a: job('a', 'verify', 'done'), c: r })).toBe(r);
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { installTransport } from '../../../src-renderer/api/client';
import { plainReason, whatToDo } from '../../../src-renderer/features/jobs/maintenance-view';
import { runningMaintenance, useJobsStore } from '../../../src-renderer/stores/jobs';
import type { JobView } from '../../../src-shared/contract';
import {
  type QuarantineCode,
  QuarantineCodeSchema,
  type QuarantinedFile,
} from '../../../src-shared/domain/job';
import { fakeTransport } from '../fake-transport';

const FILE = 'bars/venue=BINANCE/symbol=BTCUSDT/timeframe=1m/2024-02.v1.parquet';

describe('maintenance findings in plain words', () => {
  const q: QuarantinedFile = {
    series: 'BINANCE:BTCUSDT:1m',
    file: FILE,
    movedTo: `.quarantine/${FILE}`,
    reason: 'checksum mismatch: manifest has sha256 0123456789ab…, file has ba9876543210…',
    lostRange: { from: Date.UTC(2024, 1, 1), to: Date.UTC(2024, 1, 1, 1) },
    code: 'checksum-mismatch',
    period: '2024-02',
  };

  it("words main's reason code, never its English", () => {
    const worded = (code: QuarantineCode) => plainReason({ ...q, code, reason: 'exact words for the CLI' });
    expect(QuarantineCodeSchema.options.map((code) => [code, worded(code)])).toEqual([
      ['unreadable', 'The file is missing or cannot be opened.'],
      ['checksum-mismatch', 'The file changed after it was written: its checksum no longer matches.'],
      ['not-parquet', 'The file is damaged: it cannot be read as Parquet.'],
      ['row-count-differs', 'The file holds a different number of bars than recorded.'],
      ['time-span-differs', 'The file covers a different time span than recorded.'],
      ['older-duplicate', 'An older copy of a partition that a newer file replaces.'],
      ['bad-manifest', 'The series manifest was damaged or named another series; rebuild wrote a new one.'],
    ]);
    // A job saved before codes existed has only the catalog's words.
    expect(plainReason({ ...q, code: undefined, reason: 'something new' })).toBe(
      'The file cannot be used: something new.',
    );
  });

  it('says where the file went and what to do about its bars', () => {
    expect(whatToDo(q)).toBe(
      `Moved to .quarantine/${FILE} (not deleted). 2024-02-01 00:00 → 2024-02-01 01:00 of BINANCE:BTCUSDT:1m now shows as a gap: backfill it or import that range again.`,
    );
    expect(whatToDo({ ...q, lostRange: null, code: 'older-duplicate', reason: 'x' })).toBe(
      `Moved to .quarantine/${FILE} (not deleted). No bars are missing: a newer file holds them.`,
    );
    // The period comes from main, not from the file's name.
    const renamed = { ...q, file: 'bars/odd.parquet', movedTo: '.quarantine/bars/odd.parquet' };
    expect(whatToDo({ ...renamed, lostRange: null, code: 'not-parquet', reason: 'x' })).toBe(
      'Moved to .quarantine/bars/odd.parquet (not deleted). Its bars (2024-02) are no longer in the catalog: backfill or re-import that period.',
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

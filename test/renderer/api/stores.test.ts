import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError, api, installTransport } from '../../../src-renderer/api/client';
import {
  formatBytes,
  formatDuration,
  formatPct,
  formatRate,
  formatTs,
} from '../../../src-renderer/lib/format';
import { useGapsStore } from '../../../src-renderer/stores/gaps';
import { MODE_HELP, touchedBars, useImportStore } from '../../../src-renderer/stores/import';
import { jobFraction, sortedJobs, useJobsStore } from '../../../src-renderer/stores/jobs';
import { useSeriesStore } from '../../../src-renderer/stores/series';
import type { JobView } from '../../../src-shared/contract';
import { COMMAND_NAMES } from '../../../src-shared/contract';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import { jobView } from '../../helpers/job-view';
import { fakeTransport } from '../fake-transport';
import { okPreview } from '../import/helpers';

const summary = (id: string): SeriesSummary => {
  const [venue, symbol, timeframe] = id.split(':') as [string, string, SeriesSummary['timeframe']];
  return {
    id,
    venue,
    symbol,
    timeframe,
    calendar: '24x7',
    first: 0,
    last: 3_600_000,
    rows: 2,
    partitions: 1,
    bytes: 10,
    coveragePct: 100,
    gapCount: 0,
    missingBars: 0,
    checkedEmptyCount: 0,
    lastWriteAt: null,
  };
};

const job = (id: string, patch: Partial<JobView> = {}): JobView =>
  jobView({ id, kind: 'import', state: 'running', finishedAt: null, total: 100, unit: 'rows', ...patch });

describe('api client', () => {
  it('has one method per contract command and unwraps errors into ApiError', async () => {
    const { transport } = fakeTransport({ listSeries: () => [] });
    installTransport(transport);
    expect(Object.keys(api()).sort()).toEqual([...COMMAND_NAMES].sort());
    expect(await api().listSeries({})).toEqual([]);
    const err = await api()
      .catalogInfo({})
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).message).toBe('no answer for catalogInfo');
    expect((err as ApiError).code).toBe('INTERNAL');
  });
});

describe('series store', () => {
  beforeEach(() => useSeriesStore.setState({ series: [], selectedId: null, error: null }));

  it('loads the list and keeps the selection only while the series exists', async () => {
    let list = [summary('A:X:1h'), summary('B:Y:1m')];
    installTransport(fakeTransport({ listSeries: () => list }).transport);
    await useSeriesStore.getState().load();
    useSeriesStore.getState().select('B:Y:1m');
    await useSeriesStore.getState().load();
    expect(useSeriesStore.getState().selectedId).toBe('B:Y:1m');
    list = [summary('A:X:1h')];
    await useSeriesStore.getState().load();
    expect(useSeriesStore.getState().selectedId).toBeNull();
    expect(useSeriesStore.getState().series.map((s) => s.id)).toEqual(['A:X:1h']);
  });

  it('shows a failed load as a sentence', async () => {
    installTransport(
      fakeTransport({
        listSeries: () => {
          throw new Error('catalog folder /x is locked by another process');
        },
      }).transport,
    );
    await useSeriesStore.getState().load();
    expect(useSeriesStore.getState().error).toBe(
      'Could not list the series: catalog folder /x is locked by another process',
    );
  });

  it('sorts by a clicked column and flips on the second click', () => {
    useSeriesStore.getState().sortBy('rows');
    expect(useSeriesStore.getState().sort).toEqual({ key: 'rows', dir: 'desc' });
    useSeriesStore.getState().sortBy('rows');
    expect(useSeriesStore.getState().sort).toEqual({ key: 'rows', dir: 'asc' });
  });
});

describe('gaps store', () => {
  it('asks main for a chart at the current width, then zooms around the pointer', async () => {
    const H = 3_600_000;
    const { transport, calls } = fakeTransport({
      gapChart: (input) => {
        const i = input as { id: string; range?: { from: number; to: number } };
        const range = i.range ?? { from: 0, to: 1000 * H };
        return {
          id: i.id,
          timeframe: '1h',
          range,
          extent: { from: 0, to: 1000 * H },
          bucketMs: H,
          buckets: [],
          gaps: [],
          gapTotal: 0,
          missingBars: 0,
        };
      },
    });
    installTransport(transport);
    useGapsStore.setState({ id: null, pixels: 400 });
    await useGapsStore.getState().show('A:X:1h');
    await useGapsStore.getState().zoom(0.5, 0.5);
    expect(calls.map((c) => c.input)).toEqual([
      { id: 'A:X:1h', pixels: 400, gapLimit: 200 },
      { id: 'A:X:1h', pixels: 400, gapLimit: 200, range: { from: 250 * H, to: 750 * H } },
    ]);
    expect(useGapsStore.getState().chart?.range).toEqual({ from: 250 * H, to: 750 * H });
  });
});

describe('jobs store', () => {
  it('applies changes and progress; running first, then newest', () => {
    useJobsStore.setState({ jobs: {} });
    const s = useJobsStore.getState();
    s.applyChanged(job('a', { state: 'done', createdAt: 5, done: 100 }));
    s.applyChanged(job('b', { createdAt: 1 }));
    s.applyChanged(job('c', { state: 'failed', createdAt: 9 }));
    useJobsStore.getState().applyProgress({ jobId: 'b', done: 40, total: 100, ratePerSec: 20, etaMs: 3000 });
    const list = sortedJobs(useJobsStore.getState().jobs);
    expect(list.map((j) => j.id)).toEqual(['b', 'c', 'a']);
    expect(jobFraction(list[0]!)).toBe(0.4);
    expect(list[0]!.etaMs).toBe(3000);
    useJobsStore.getState().applyProgress({ jobId: 'zzz', done: 1, total: 1, ratePerSec: null, etaMs: null });
    expect(Object.keys(useJobsStore.getState().jobs)).toHaveLength(3);
  });
});

describe('import store', () => {
  it('stages files, previews them, re-previews an override and starts with the chosen mode', async () => {
    const preview = (path: string, tz = 'UTC') => okPreview(path, tz, 12, `plan-${tz}`);
    const { transport, calls } = fakeTransport({
      previewImport: (input) => ({
        files: (input as { files: { path: string; overrides?: { tz?: string } }[] }).files.map((f) =>
          preview(f.path, f.overrides?.tz),
        ),
      }),
      startImport: () => ({ jobId: 'import-1' }),
      listCalendars: () => ['24x7', 'xnys'],
    });
    installTransport(transport);
    const file = {} as File;
    await useImportStore.getState().begin([{ file, relativePath: 'd/a.csv' }]);
    expect(useImportStore.getState().phase).toBe('preview');
    expect(touchedBars(useImportStore.getState().previews)).toBe(12);
    await useImportStore.getState().override(0, { tz: 'Asia/Tokyo' });
    expect(useImportStore.getState().previews[0]!.preview?.tz).toBe('Asia/Tokyo');
    useImportStore.getState().setMode('merge');
    await useImportStore.getState().start();
    expect(calls.at(-1)).toEqual({
      name: 'startImport',
      input: {
        files: [{ path: '/staged/d/a.csv', planId: 'plan-Asia/Tokyo' }],
        mode: 'merge',
        onError: 'reject',
        force: false,
      },
    });
    useImportStore.getState().onJob(job('import-1', { state: 'done' }));
    expect(useImportStore.getState().phase).toBe('summary');
    expect(MODE_HELP.skip).toBe('Keep what is there: only bars at new timestamps are added.');
  });

  it('shows the summary of an import that finished before its id came back', async () => {
    const finished = job('import-fast', { state: 'done', message: '3 bars written from 1 file' });
    const { transport } = fakeTransport({
      previewImport: () => ({
        files: [
          {
            path: '/staged/a.csv',
            name: 'a.csv',
            ok: true,
            error: null,
            preview: null,
            seriesId: 'A:B:1h',
            existingBars: 0,
            planId: 'p1',
            invalidZone: null,
            importedBefore: null,
          },
        ],
      }),
      listCalendars: () => ['24x7'],
      startImport: () => {
        // The job's events reach the stores (as useEvents hands them on) before the answer does.
        useJobsStore.getState().applyChanged(finished);
        useImportStore.getState().onJob(finished);
        return { jobId: 'import-fast' };
      },
    });
    installTransport(transport);
    await useImportStore.getState().begin([{ file: {} as File, relativePath: 'a.csv' }]);
    await useImportStore.getState().start();
    expect(useImportStore.getState()).toMatchObject({ phase: 'summary', jobId: 'import-fast' });
  });
});

describe('format', () => {
  it('formats times, sizes, rates and durations', () => {
    expect(formatTs(Date.UTC(2024, 10, 1, 13, 0))).toBe('2024-11-01 13:00');
    expect(formatTs(Date.UTC(2024, 10, 1, 13, 0, 5))).toBe('2024-11-01 13:00:05');
    expect(formatTs(null)).toBe('—');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatPct(97.523)).toBe('97.52%');
    expect(formatPct(100)).toBe('100%');
    expect(formatRate(12_345, 'rows')).toBe('12.3k rows/s');
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000 + 5000)).toBe('3d 4h');
    expect(formatDuration(65_000)).toBe('1m 5s');
  });
});

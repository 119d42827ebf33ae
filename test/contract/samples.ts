import type { CommandInput, CommandName } from '../../src-shared/contract';

const H = 3_600_000;
export const T0 = Date.UTC(2024, 0, 1);

/** One valid input per command; the type makes a missing command a compile error. */
export const SAMPLE_INPUTS: { [K in CommandName]: CommandInput<K> } = {
  catalogInfo: {},
  listSeries: {},
  listCalendars: {},
  setSeriesCalendar: { id: 'BINANCE:BTCUSDT:1h', calendar: 'xnys' },
  availability: { id: 'BINANCE:BTCUSDT:1h' },
  gapChart: { id: 'BINANCE:BTCUSDT:1h', pixels: 100, range: { from: T0, to: T0 + 100 * H } },
  queryPreview: { id: 'BINANCE:BTCUSDT:1h', limit: 5 },
  previewImport: { files: [{ path: '/tmp/x.csv', overrides: { tz: 'UTC', timeframe: '1h' } }] },
  startImport: { files: [{ path: '/tmp/x.csv' }], mode: 'skip' },
  cancelJob: { jobId: 'import-1' },
  startBackfill: { id: 'BINANCE:BTCUSDT:1h', ranges: [{ from: T0, to: T0 + H }] },
  retryParked: { jobId: 'backfill-1' },
  resumeJob: { jobId: 'backfill-1' },
  setSeriesProvider: { id: 'NASDAQ:AAPL:1m', provider: 'alpaca' },
  renameSeries: { id: 'NASDAQ:AAPL:1m', venue: 'XNAS' },
  startVerify: {},
  startRebuild: {},
  listJobs: {},
  getSettings: {},
  setSettings: {
    defaultTimezone: 'Europe/Berlin',
    providers: { 'binance-spot': { baseUrl: 'http://127.0.0.1:9' } },
  },
  createCatalog: { dir: '/tmp/new-catalog' },
  openCatalog: { dir: '/tmp/other-catalog' },
  loadSampleData: {},
  healthReport: {},
  setSeriesHealth: { id: 'NASDAQ:AAPL:1m', maxLagMs: 2 * 86_400_000, notify: true },
};

/** Inputs each command must refuse, with a fragment of the message it must give. */
export const BAD_INPUTS: [CommandName, unknown, string][] = [
  ['gapChart', { id: 'BINANCE:BTCUSDT:1h', pixels: 0 }, 'pixels'],
  ['gapChart', { id: 'BINANCE:BTCUSDT:1h' }, 'pixels'],
  [
    'gapChart',
    { id: 'BINANCE:BTCUSDT:1h', pixels: 10, range: { from: 10, to: 5 } },
    'range end must not be before its start',
  ],
  ['availability', { id: 42 }, 'id'],
  ['queryPreview', { id: 'BINANCE:BTCUSDT:1h', limit: 100_000 }, 'limit'],
  ['startImport', { files: [{ path: '/tmp/x.csv' }], mode: 'replace' }, 'mode'],
  ['startImport', { files: [], mode: 'skip' }, 'files'],
  ['listSeries', { extra: true }, 'extra'],
  ['startVerify', { dir: '/tmp' }, 'dir'],
  ['setSettings', { providers: { 'binance-spot': { baseUrl: 'file:///etc/passwd' } } }, 'baseUrl'],
  ['setSettings', { providers: { nowhere: { baseUrl: 'http://127.0.0.1:9' } } }, 'providers'],
  ['startBackfill', { id: 'BINANCE:BTCUSDT:1h', ranges: [{ from: 'yesterday', to: 1 }] }, 'ranges'],
  ['setSeriesProvider', { id: 'NASDAQ:AAPL:1m', provider: 'yahoo' }, 'provider'],
  ['renameSeries', { id: 'NASDAQ:AAPL:1m' }, 'give a venue or a symbol'],
  ['setSeriesHealth', { id: 'NASDAQ:AAPL:1m', maxLagMs: -5 }, 'maxLagMs'],
];

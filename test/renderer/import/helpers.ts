import type { ImportFilePreview, ImportJobFile } from '../../../src-shared/contract';

/** The row counts of a file that wrote nothing. */
const NO_ROWS = {
  rowsRead: 0,
  rowsAdded: 0,
  rowsReplaced: 0,
  rowsRemoved: 0,
  rowsSkipped: 0,
  rowsInvalid: 0,
};

/** A file of an import job that wrote nothing yet; `patch` sets what the test is about. */
export const jobFile = (patch: Partial<ImportJobFile>): ImportJobFile => ({
  name: 'a.csv',
  series: 'X:A:1h',
  status: 'imported',
  message: null,
  ...NO_ROWS,
  problemCounts: {},
  problems: [],
  ...patch,
});

/** A good preview of `path` read in zone `tz`, for a series holding `existingBars` bars. */
export const okPreview = (
  path: string,
  tz: string,
  existingBars: number,
  planId: string,
): ImportFilePreview => ({
  path,
  name: path.split('/').at(-1)!,
  ok: true,
  error: null,
  preview: { tz } as NonNullable<ImportFilePreview['preview']>,
  seriesId: 'BINANCE:BTCUSDT:1h',
  existingBars,
  planId,
  invalidZone: null,
  importedBefore: null,
});

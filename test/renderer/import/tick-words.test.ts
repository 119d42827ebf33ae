import { describe, expect, it } from 'vitest';
import { fileOutcome, problemLine } from '../../../src-renderer/features/import/problem-words';
import { coverageDays } from '../../../src-renderer/features/ticks/coverage';
import type { ImportJobFile } from '../../../src-shared/contract';
import { jobFile } from './helpers';

const tickFile = (patch: Partial<ImportJobFile>): ImportJobFile =>
  jobFile({
    name: 'DAT_ASCII_EURUSD_T_202401.csv',
    series: null,
    tickSeries: 'HISTDATA:EURUSD:quotes',
    ticksWritten: 0,
    ...patch,
  });

describe('tick imports in words', () => {
  it('says the ticks written, the bars built when any, and the rows left out', () => {
    expect(fileOutcome(tickFile({ ticksWritten: 16 }))).toBe('16 ticks written');
    expect(fileOutcome(tickFile({ ticksWritten: 1600, rowsInvalid: 1 }))).toBe(
      '1,600 ticks written, 1 bad row left out',
    );
    expect(
      fileOutcome(
        tickFile({ series: 'HISTDATA:EURUSD:1m', ticksWritten: 16, rowsAdded: 3, rowsReplaced: 1 }),
      ),
    ).toBe('16 ticks written, bars 3 added, 1 replaced, 0 removed');
  });

  it('words the tick rules main sends as codes', () => {
    const p = { line: 17, column: '2', value: '1.2000', rule: 'crossed_quote', severity: 'error' as const };
    expect(problemLine('t.csv', p)).toBe(
      't.csv line 17, column 2: the bid is above the ask (a crossed quote) ("1.2000")',
    );
    expect(problemLine('t.csv', { ...p, rule: 'duplicate_trade_id', value: '7' })).toBe(
      't.csv line 17, column 2: a trade id seen before on the same day ("7")',
    );
  });
});

describe('a tick series coverage strip', () => {
  it('one mark per UTC day from the first tick to the last, the days in session without ticks as gaps', () => {
    const us = (ms: number) => ms * 1000;
    expect(coverageDays(us(Date.UTC(2024, 0, 2, 15)), us(Date.UTC(2024, 0, 4, 15)), ['2024-01-03'])).toEqual([
      { date: '2024-01-02', gap: false },
      { date: '2024-01-03', gap: true },
      { date: '2024-01-04', gap: false },
    ]);
    expect(coverageDays(null, null, [])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseSeriesId, seriesId } from '../../src-shared/domain/series';
import {
  ceilToTimeframe,
  compareTimeframes,
  countBarSlots,
  floorToTimeframe,
  isDailyOrLonger,
  isOnGrid,
  isTimeframe,
  nextBarStart,
  nominalMs,
  parseTimeframe,
  TIMEFRAME_HELP,
  TIMEFRAMES,
  type Timeframe,
} from '../../src-shared/domain/timeframe';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('timeframe grammar', () => {
  it('parses N + unit into one canonical spelling and formats it back unchanged', () => {
    const cases: [string, string][] = [
      ['10m', '10m'],
      ['2m', '2m'],
      ['45m', '45m'],
      ['3h', '3h'],
      ['2d', '2d'],
      ['2w', '2w'],
      ['3M', '3M'],
      ['90s', '90s'],
      ['60m', '1h'],
      ['120s', '2m'],
      ['90m', '90m'],
      ['720m', '12h'],
      ['3600s', '1h'],
      [' 15m ', '15m'],
    ];
    for (const [raw, canonical] of cases) {
      expect(parseTimeframe(raw)).toEqual({ timeframe: canonical });
      expect(parseTimeframe(canonical)).toEqual({ timeframe: canonical });
      expect(isTimeframe(canonical)).toBe(true);
    }
    expect(isTimeframe('60m')).toBe(false);
    for (const tf of TIMEFRAMES) expect(parseTimeframe(tf)).toEqual({ timeframe: tf });
  });

  it('refuses zero, fractions, unknown units and lengths out of range with the rule', () => {
    for (const raw of ['0m', '1.5h', '10x', '99999m', '1001m', '53w', '13M', 'm', '', '-5m', '01m'])
      expect(parseTimeframe(raw)).toEqual({ error: `"${raw}" is not a timeframe: ${TIMEFRAME_HELP}` });
    expect(parseTimeframe('24h')).toEqual({
      error: '"24h" is not a timeframe: bars of a day or longer are keyed by date, write 1d',
    });
  });

  it('gives series ids one spelling per timeframe', () => {
    const key = parseSeriesId('cme:es:60m');
    expect(key).toEqual({ venue: 'CME', symbol: 'ES', timeframe: '1h' });
    expect(seriesId(parseSeriesId('X:Y:10m'))).toBe('X:Y:10m');
    expect(seriesId(parseSeriesId('X:Y:6M'))).toBe('X:Y:6M');
    expect(() => parseSeriesId('X:Y:0m')).toThrow(
      `series id "X:Y:0m": "0m" is not a timeframe: ${TIMEFRAME_HELP}`,
    );
  });

  it('sorts by length and knows which are keyed by date', () => {
    const list: Timeframe[] = ['1d', '45m', '2M', '10s', '1h', '2d', '10m', '1w'];
    expect([...list].sort(compareTimeframes)).toEqual(['10s', '10m', '45m', '1h', '1d', '2d', '1w', '2M']);
    expect(list.filter(isDailyOrLonger)).toEqual(['1d', '2M', '2d', '1w']);
    expect(nominalMs('45m')).toBe(2_700_000);
    expect(nominalMs('2M')).toBe(60 * 86_400_000);
  });
});

describe('custom timeframe grid', () => {
  it('lets intraday bars open at any whole minute (session-aligned 45m in summer and winter)', () => {
    // 09:30 New York is 13:30 UTC in July and 14:30 UTC in January.
    const opens: [string, string][] = [
      ['2024-07-01T13:30:00.000Z', '2024-07-01T14:15:00.000Z'],
      ['2024-01-02T14:30:00.000Z', '2024-01-02T15:15:00.000Z'],
    ];
    for (const [open, next] of opens) {
      expect(isOnGrid(t(open), '45m')).toBe(true);
      expect(iso(nextBarStart(t(open), '45m'))).toBe(next);
    }
    expect(isOnGrid(t('2024-01-02T14:30:30Z'), '45m')).toBe(false);
    expect(iso(floorToTimeframe(t('2024-01-02T14:30:30Z'), '45m'))).toBe('2024-01-02T14:30:00.000Z');
    expect(iso(ceilToTimeframe(t('2024-01-02T14:30:30Z'), '45m'))).toBe('2024-01-02T14:31:00.000Z');
    expect(iso(nextBarStart(t('2024-01-02T14:30:00Z'), '3h'))).toBe('2024-01-02T17:30:00.000Z');
    expect(isOnGrid(t('2024-01-02T14:30:05Z'), '10s')).toBe(true);
    expect(iso(nextBarStart(t('2024-01-02T14:30:05Z'), '10s'))).toBe('2024-01-02T14:30:15.000Z');
  });

  it('keys day, week and month multiples by date, Monday and month start', () => {
    expect(iso(floorToTimeframe(t('2024-03-06T10:00:00Z'), '2d'))).toBe('2024-03-06T00:00:00.000Z');
    expect(iso(nextBarStart(t('2024-03-07T00:00:00Z'), '2d'))).toBe('2024-03-09T00:00:00.000Z');
    expect(isOnGrid(t('2024-03-07T00:00:00Z'), '2d')).toBe(true);
    expect(iso(floorToTimeframe(t('2024-03-07T10:00:00Z'), '2w'))).toBe('2024-03-04T00:00:00.000Z');
    expect(iso(nextBarStart(t('2024-03-04T00:00:00Z'), '2w'))).toBe('2024-03-18T00:00:00.000Z');
    expect(isOnGrid(t('2024-03-05T00:00:00Z'), '2w')).toBe(false);
    expect(iso(nextBarStart(t('2024-11-01T00:00:00Z'), '3M'))).toBe('2025-02-01T00:00:00.000Z');
    expect(iso(ceilToTimeframe(t('2024-11-15T00:00:00Z'), '3M'))).toBe('2024-12-01T00:00:00.000Z');
  });

  it('counts the whole bars that fit in a range', () => {
    // A 09:30-16:00 session holds 9 bars of 45m (the last one 15:30-16:00), 39 of 10m.
    expect(countBarSlots(t('2024-01-02T14:30:00Z'), t('2024-01-02T21:00:00Z'), '45m')).toBe(9);
    expect(countBarSlots(t('2024-01-02T14:30:00Z'), t('2024-01-02T21:00:00Z'), '10m')).toBe(39);
    expect(countBarSlots(t('2024-01-02T14:30:00Z'), t('2024-01-02T14:40:00Z'), '10m')).toBe(1);
    expect(countBarSlots(t('2024-01-01T00:00:00Z'), t('2024-01-08T00:00:00Z'), '2d')).toBe(4);
    expect(countBarSlots(t('2024-01-01T00:00:00Z'), t('2025-01-01T00:00:00Z'), '3M')).toBe(4);
    expect(countBarSlots(t('2024-01-01T00:00:00Z'), t('2024-01-02T00:00:00Z'), '7m')).toBe(206);
  });

  it('keeps the fixed grid of the fixed timeframes', () => {
    expect(isOnGrid(t('2024-01-02T14:30:00Z'), '1h')).toBe(false);
    expect(iso(nextBarStart(t('2024-01-02T14:30:00Z'), '1h'))).toBe('2024-01-02T15:00:00.000Z');
    expect(isOnGrid(t('2024-03-07T00:00:00Z'), '1w')).toBe(false);
  });
});

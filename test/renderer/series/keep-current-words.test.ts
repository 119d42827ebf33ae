import { describe, expect, it } from 'vitest';
import { ApiError, errorWords } from '../../../src-renderer/api/client';
import { addErrorText, dateInput, outcomeText } from '../../../src-renderer/features/keep-current/words';

describe('add series and update words', () => {
  it('reads a date field as midnight UTC; anything else is no date', () => {
    expect(dateInput('2024-03-04')).toBe(Date.UTC(2024, 2, 4));
    expect(dateInput('')).toBeNull();
    expect(dateInput('2024-13-45')).toBeNull();
    expect(dateInput('04.03.2024')).toBeNull();
  });

  it('words an unknown symbol from its reason code, other errors as main sent them', () => {
    expect(addErrorText('x', { reason: 'UNKNOWN_SYMBOL', symbol: 'DOGEUSDT' })).toBe(
      'The provider does not list DOGEUSDT; search again.',
    );
    expect(addErrorText('Binance spot has no 2h bars', undefined)).toBe('Binance spot has no 2h bars');
  });

  it("words a failed add: main's refusal with its details, anything else as its message", () => {
    const addFailure = errorWords(addErrorText);
    const refused = new ApiError({
      code: 'DATA',
      message: 'unknown symbol',
      details: { reason: 'UNKNOWN_SYMBOL', symbol: 'DOGEUSDT' },
    });
    expect(addFailure(refused)).toBe('The provider does not list DOGEUSDT; search again.');
    expect(addFailure(new Error('network down'))).toBe('network down');
  });

  it('says per series what an update did', () => {
    const base = { provider: 'binance-spot', range: null, jobId: null, barsWritten: 0, message: null };
    expect(
      outcomeText({
        ...base,
        series: 'BINANCE:BTCUSDT:1h',
        status: 'done',
        jobId: 'bf-1',
        barsWritten: 1200,
      }),
    ).toBe('BINANCE:BTCUSDT:1h: done, 1,200 bars written');
    expect(
      outcomeText({
        ...base,
        series: 'NASDAQ:AAPL:1d',
        status: 'up-to-date',
        message: 'nothing missing (checked at source)',
      }),
    ).toBe('NASDAQ:AAPL:1d: up to date; nothing missing (checked at source)');
  });
});

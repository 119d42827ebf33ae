import { describe, expect, it } from 'vitest';
import { backfillErrorText } from '../../../src-renderer/model/gaps/view';

describe('Backfill refused for want of a provider', () => {
  it('names the providers main says could serve the series', () => {
    const details = { reason: 'NO_PROVIDER', series: 'NASDAQ:AAPL:1h', candidates: ['alpaca', 'polygon'] };
    expect(backfillErrorText('BAD_INPUT', 'ignored', details)).toBe(
      'No provider is set for this series. alpaca or polygon could serve it: choose one under Provider.',
    );
  });

  it("says so when none could, and words other refusals with main's message", () => {
    expect(backfillErrorText('BAD_INPUT', 'x', { reason: 'NO_PROVIDER', candidates: [] })).toBe(
      'No provider is set for this series, and none that Barcat knows serves it (BAD_INPUT).',
    );
    expect(backfillErrorText('USAGE', 'nothing to fetch', undefined)).toBe(
      'Backfill could not start: nothing to fetch',
    );
  });
});

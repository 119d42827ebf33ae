import { describe, expect, it } from 'vitest';
import { tempCoreOf } from '../temp-core';

const { core } = tempCoreOf('barcat-series-id-input-');

// A malformed series id is the user's input: BAD_INPUT with the parser's words, never an internal error.
describe('a malformed series id in a request', () => {
  it('setSchedule and updateSeries answer BAD_INPUT naming the id', async () => {
    const schedule = await core().dispatch('setSchedule', {
      target: { series: 'BINANCE-BTCUSDT' },
      rule: { kind: 'every', minutes: 15 },
    });
    expect(schedule).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(!schedule.ok && schedule.error.message).toContain('BINANCE-BTCUSDT');
    const update = await core().dispatch('updateSeries', { ids: ['BINANCE-BTCUSDT'] });
    expect(update).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});

import { describe, expect, it } from 'vitest';
import { TickTimeReader } from '../../../src-main/engines/import/ticks/tick-time';
import { us } from './helpers';

// The tick time reader runs once per tick: its fast paths must read exactly what the slow ones did.
describe('tick times', () => {
  const dmy = new TickTimeReader('dmy-dots', 'UTC');
  it('reads a fraction of 0 to 9 digits as µs, cut after the sixth', () => {
    expect(dmy.read('02.01.2024 10:00:00')).toBe(us(2024, 1, 2, 10));
    expect(dmy.read('02.01.2024 10:00:00.1')).toBe(us(2024, 1, 2, 10, 0, 0, 100));
    expect(dmy.read('02.01.2024 10:00:00.123')).toBe(us(2024, 1, 2, 10, 0, 0, 123));
    expect(dmy.read('02.01.2024 10:00:00.1234567x9')).toBe(us(2024, 1, 2, 10, 0, 0, 123, 456));
    expect(dmy.read('02.01.2024 10:00:00.12x')).toBeNaN();
    expect(dmy.read('02.01.2024 10:00:00,123')).toBeNaN();
  });
  it('applies a GMT suffix over the zone, and the zone without one', () => {
    expect(dmy.read('02.01.2024 12:00:00.500 GMT+0200')).toBe(us(2024, 1, 2, 10, 0, 0, 500));
    expect(dmy.read('02.01.2024 05:00:00.000 GMT-05:00')).toBe(us(2024, 1, 2, 10));
    expect(new TickTimeReader('dmy-dots', 'UTC-5').read('02.01.2024 05:00:00.000')).toBe(us(2024, 1, 2, 10));
    expect(new TickTimeReader('ymd-glued', 'UTC-5').read('20240102 050000250')).toBe(
      us(2024, 1, 2, 10, 0, 0, 250),
    );
  });
});

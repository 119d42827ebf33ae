import { describe, expect, it } from 'vitest';
import { readWindows } from '../../../src-main/engines/export/windows';

const iso = (w: { from: number; to: number }) => [
  new Date(w.from).toISOString(),
  new Date(w.to).toISOString(),
];

describe('export read windows', () => {
  it('1s: calendar months; 1m: calendar years; 5m and longer: one window', () => {
    const from = Date.UTC(2023, 10, 15, 12);
    const to = Date.UTC(2024, 1, 3);
    expect(readWindows(from, to, '1s').map(iso)).toEqual([
      ['2023-11-15T12:00:00.000Z', '2023-12-01T00:00:00.000Z'],
      ['2023-12-01T00:00:00.000Z', '2024-01-01T00:00:00.000Z'],
      ['2024-01-01T00:00:00.000Z', '2024-02-01T00:00:00.000Z'],
      ['2024-02-01T00:00:00.000Z', '2024-02-03T00:00:00.000Z'],
    ]);
    expect(readWindows(from, to, '1m').map(iso)).toEqual([
      ['2023-11-15T12:00:00.000Z', '2024-01-01T00:00:00.000Z'],
      ['2024-01-01T00:00:00.000Z', '2024-02-03T00:00:00.000Z'],
    ]);
    expect(readWindows(from, to, '5m').map(iso)).toEqual([
      ['2023-11-15T12:00:00.000Z', '2024-02-03T00:00:00.000Z'],
    ]);
    expect(readWindows(to, from, '1m')).toEqual([]);
  });
});

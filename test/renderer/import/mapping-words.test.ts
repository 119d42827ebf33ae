import { describe, expect, it } from 'vitest';
import { mappingFallbackNotice } from '../../../src-renderer/features/import/mapping-words';
import type { MappingFallback } from '../../../src-shared/domain/import';

const layout = <K extends MappingFallback['tried'][number]['kind']>(
  kind: K,
  mapping: MappingFallback['tried'][number]['mapping'],
  validRows: number,
) => ({ kind, mapping, validRows });
const detected = layout('detected', { ts: 0, open: 1, high: 2, low: 3, close: 4 }, 3);
const right = layout('shifted_right', { ts: 1, open: 2, high: 3, low: 4, close: 5 }, 198);
const left = layout('shifted_left', { open: 0, high: 1, low: 2, close: 3 }, 0);
const reordered = layout('prices_reordered', { ts: 0, open: 1, high: 3, low: 2, close: 4 }, 150);
const byPosition = layout(
  'by_position',
  { date: 0, time: 1, open: 2, high: 3, low: 4, close: 5, volume: 6 },
  180,
);

const chosen = (kind: MappingFallback['chosen'], validRows: number): MappingFallback => ({
  tried: [detected, right, left, reordered, byPosition],
  chosen: kind,
  validRows,
  of: 200,
});

const ALSO = {
  detected: 'the columns as the header names them (3 of 200)',
  shifted_right: 'the columns shifted right by one (a leading column the header lacks) (198 of 200)',
  shifted_left: 'the columns shifted left by one (0 of 200)',
  prices_reordered: 'the price columns in another order (150 of 200)',
  by_position: 'the columns by position (date, time first, then open, high, low, close, volume) (180 of 200)',
};

describe('the column fallback in words', () => {
  it.each([
    [
      'shifted_right',
      198,
      `Most rows failed with the columns as the header names them; using the columns shifted right by one (a leading column the header lacks) instead (198 of 200 sample rows pass). Tried: ${ALSO.detected}; ${ALSO.shifted_left}; ${ALSO.prices_reordered}; ${ALSO.by_position}.`,
    ],
    [
      'shifted_left',
      0,
      `Most rows failed with the columns as the header names them; using the columns shifted left by one instead (0 of 200 sample rows pass). Tried: ${ALSO.detected}; ${ALSO.shifted_right}; ${ALSO.prices_reordered}; ${ALSO.by_position}.`,
    ],
    [
      'prices_reordered',
      150,
      `Most rows failed with the columns as the header names them; using the price columns in another order instead (150 of 200 sample rows pass). Tried: ${ALSO.detected}; ${ALSO.shifted_right}; ${ALSO.shifted_left}; ${ALSO.by_position}.`,
    ],
    [
      'by_position',
      180,
      `Most rows failed with the columns as the header names them; using the columns by position (date, time first, then open, high, low, close, volume) instead (180 of 200 sample rows pass). Tried: ${ALSO.detected}; ${ALSO.shifted_right}; ${ALSO.shifted_left}; ${ALSO.prices_reordered}.`,
    ],
  ] as const)(
    'names the chosen layout (%s), its count and every other layout tried',
    (kind, valid, words) => {
      expect(mappingFallbackNotice(chosen(kind, valid), true)).toBe(words);
    },
  );

  it('says by position with one time column, and the detected layout of a file without a header', () => {
    const f: MappingFallback = {
      tried: [
        { kind: 'detected', mapping: { ts: 1, open: 2, high: 3, low: 4, close: 5 }, validRows: 1 },
        { kind: 'by_position', mapping: { ts: 0, open: 1, high: 2, low: 3, close: 4 }, validRows: 6 },
      ],
      chosen: 'by_position',
      validRows: 6,
      of: 6,
    };
    expect(mappingFallbackNotice(f, false)).toBe(
      'Most rows failed with the columns as detected; using the columns by position (time first, then open, high, low, close, volume) instead (6 of 6 sample rows pass). Tried: the columns as detected (1 of 6).',
    );
  });

  it('lists every layout tried when none passes', () => {
    const none: MappingFallback = { tried: [detected, left], chosen: null, validRows: 3, of: 200 };
    expect(mappingFallbackNotice(none, true)).toBe(
      `No column layout made the rows valid: tried ${ALSO.detected}; ${ALSO.shifted_left}. Check the header and the column order, or set the columns below.`,
    );
  });
});

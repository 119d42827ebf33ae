import { describe, expect, it } from 'vitest';
import {
  relabelOutcome,
  renameErrorText,
  renameFollowText,
} from '../../../src-renderer/features/gaps/rename-words';
import { jobView } from '../../helpers/job-view';

describe('a refused rename, worded at its field', () => {
  // target_exists, invalid_name and off_grid at their field, anything else under the form.
  it.each<[string, string, unknown, ReturnType<typeof renameErrorText>]>([
    [
      'target_exists',
      'x',
      { reason: 'target_exists', series: 'KRAKEN:BTCUSDT:1m' },
      { field: 'symbol', text: 'A series with this venue, symbol and timeframe exists already.' },
    ],
    [
      'invalid_name',
      'venue is empty',
      { reason: 'invalid_name', field: 'venue' },
      { field: 'venue', text: 'venue is empty' },
    ],
    [
      'off_grid',
      'x',
      { reason: 'off_grid', timeframe: '5m', count: 9, firstTs: Date.UTC(2024, 0, 31, 23, 1) },
      {
        field: 'timeframe',
        text: '9 bar(s) are not on the 5m grid (the first at 2024-01-31 23:01); the label stays as it is.',
      },
    ],
    // A relabel whose target (or old series) another running job writes.
    [
      'series_busy',
      'x',
      { reason: 'series_busy', series: 'BINANCE:BTCUSDT:5m', jobId: 'backfill-1' },
      {
        text: 'A running job is writing BINANCE:BTCUSDT:5m, so nothing was changed. Try again once it has ended (see Jobs).',
      },
    ],
    [
      'without details',
      'catalog locked',
      undefined,
      { text: 'The series could not be renamed: catalog locked' },
    ],
  ])('words the refusal %s', (_, message, details, worded) => {
    expect(renameErrorText(message, details)).toEqual(worded);
  });
});

describe('what followed a rename, in words', () => {
  it('names the relabel, the schedules and health settings moved, and the groups left and joined', () => {
    const none = {
      id: 'A:B:1m',
      schedulesMoved: [],
      healthSettingsMoved: false,
      groupsLeft: [],
      groupsJoined: [],
    };
    expect(renameFollowText(none)).toBeNull();
    expect(
      renameFollowText({
        ...none,
        id: 'A:B:5m',
        relabeled: { bars: 1200, trashId: 't1' },
        schedulesMoved: ['A-B-1m'],
        healthSettingsMoved: true,
        groupsLeft: ['ones'],
        groupsJoined: ['fives'],
      }),
    ).toBe(
      'Renamed to A:B:5m: 1,200 bars written under the new label; the old series is in the trash; 1 schedule(s) moved to it; its health settings moved to it; no longer in group(s) ones; now in group(s) fives.',
    );
  });
});

describe('a relabel job, as the rename form follows it', () => {
  const base = { id: 'relabel-1', kind: 'relabel' as const, unit: 'partitions' };
  it('is nothing yet while it runs', () => {
    expect(relabelOutcome(jobView({ ...base, state: 'running', finishedAt: null }))).toBeNull();
  });

  it('ends renamed, worded as a rename, or refused at the field from its note', () => {
    const done = jobView({
      ...base,
      state: 'done',
      notes: [
        {
          reason: 'relabeled',
          id: 'BINANCE:BTCUSDT:5m',
          bars: 6,
          trashId: 't1',
          schedulesMoved: [],
          healthSettingsMoved: false,
          groupsLeft: [],
          groupsJoined: [],
        },
      ],
    });
    const outcome = relabelOutcome(done);
    expect(outcome && 'renamed' in outcome ? renameFollowText(outcome.renamed) : null).toBe(
      'Renamed to BINANCE:BTCUSDT:5m: 6 bars written under the new label; the old series is in the trash.',
    );
    const refused = jobView({
      ...base,
      state: 'failed',
      message: 'main words',
      notes: [
        {
          reason: 'relabel-refused',
          code: 'off_grid',
          fields: { timeframe: '5m', count: 9, firstTs: Date.UTC(2024, 0, 31, 23, 1) },
        },
      ],
    });
    expect(relabelOutcome(refused)).toEqual({
      error: {
        field: 'timeframe',
        text: '9 bar(s) are not on the 5m grid (the first at 2024-01-31 23:01); the label stays as it is.',
      },
    });
  });

  it('words a refusal main sent no message with from its note', () => {
    const refused = jobView({
      ...base,
      state: 'failed',
      message: null,
      notes: [{ reason: 'relabel-refused', code: 'write_conflict', fields: {} }],
    });
    expect(relabelOutcome(refused)).toEqual({
      error: {
        text: 'The series could not be renamed: The timeframe label was not changed: refused (write_conflict).',
      },
    });
  });
});

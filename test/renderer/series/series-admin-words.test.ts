import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-renderer/api/client';
import { adminErrorText, countsText, writerText } from '../../../src-renderer/features/series-admin/words';
import type { GenerationView } from '../../../src-shared/domain/series-views/history';

const refused = (reason: string) => new ApiError({ code: 'DATA', message: 'm', details: { reason } });

const gen = (over: Partial<GenerationView>): GenerationView => ({
  generation: 2,
  current: true,
  source: 'import:BTC_1',
  kind: 'import',
  jobId: 'BTC_1',
  at: 1,
  mode: 'merge',
  counts: { added: 1500, replaced: 2, removed: 0 },
  undo: null,
  bars: 1500,
  partitions: 1,
  replacedAt: null,
  keptFiles: 0,
  ...over,
});

describe('series management in words', () => {
  it('words main reason codes, and anything else with its message', () => {
    expect(adminErrorText('The undo failed', refused('nothing_to_undo'))).toBe(
      'Nothing to undo: no earlier version of this series is kept (the retention may have passed).',
    );
    expect(adminErrorText('x', refused('target_exists'))).toBe(
      'A series with that name exists again. Rename or delete it first.',
    );
    expect(adminErrorText('x', refused('no_provider'))).toBe(
      'This series has no provider to re-fetch from. Pick one under Provider.',
    );
    expect(adminErrorText('The undo failed', new Error('disk full'))).toBe('The undo failed: disk full');
  });

  it('names who wrote a generation and what it changed', () => {
    expect(writerText(gen({}))).toBe('Import BTC_1');
    expect(writerText(gen({ kind: 'quality-drop', jobId: 'ab12' }))).toBe('Dropped bars (quality fix) ab12');
    expect(writerText(gen({ kind: null, jobId: null }))).toBe('Empty series (before the first write)');
    expect(countsText(gen({}))).toBe('+1,500 added, 2 replaced, 0 removed');
    expect(countsText(gen({ counts: null }))).toBe('');
  });
});

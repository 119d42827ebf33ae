import { describe, expect, it } from 'vitest';
import { problemWords as cliWords } from '../../src-main/hosts/cli/health/words';
import { formatDuration } from '../../src-renderer/lib/format';
import { formatDuration as sharedDuration } from '../../src-shared/domain/series-views/health';
import { healthProblemText } from '../../src-shared/domain/series-views/health-words';

const iso = (t: number) => new Date(t).toISOString();

describe('one wording of durations and health problems', () => {
  it('the CLI and the app write a duration alike, in its two largest units', () => {
    expect(formatDuration).toBe(sharedDuration);
    expect(sharedDuration(36 * 3_600_000)).toBe('1d 12h');
    expect(sharedDuration(86_400_000)).toBe('1d');
    expect(sharedDuration(65_000)).toBe('1m 5s');
    expect(sharedDuration(250)).toBe('250 ms');
    expect(sharedDuration(null)).toBe('—');
    expect(cliWords({ code: 'stale', lastBar: 0, lagMs: 36 * 3_600_000, maxLagMs: 86_400_000 })).toBe(
      'stale: 1d 12h of session time behind (allowed 1d)',
    );
  });

  it('the app words alerts in the app, never as barcat commands (badge and notifications alike)', () => {
    const words = (p: Parameters<typeof healthProblemText>[0]) => healthProblemText(p, iso);
    expect(words({ code: 'stale', lastBar: 0, lagMs: 36 * 3_600_000, maxLagMs: 86_400_000 })).toBe(
      'Stale: 1d 12h of trading time behind (allowed 1d)',
    );
    expect(words({ code: 'update_failed', jobId: 'bf-1', message: 'HTTP 503' })).toBe(
      'The last update failed: HTTP 503; see it in Jobs',
    );
    expect(words({ code: 'stalled_job', jobId: 'bf-2', silentMs: 600_000 })).toBe(
      'A job has reported no progress for 10m; cancel it in Jobs',
    );
    expect(words({ code: 'parked', jobId: 'bf-3', ranges: 2 })).toBe(
      '2 range(s) set aside after retries; retry them in Jobs',
    );
    expect(words({ code: 'schedule_overdue', schedule: 's1', due: Date.UTC(2026, 11, 6) })).toBe(
      'Its schedule is overdue since 2026-12-06T00:00:00.000Z',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { desktopAlertText } from '../../../src-main/hosts/electron/alert-words';

describe('desktop notification wording', () => {
  it('words the alerts in the app, never as barcat commands', () => {
    expect(desktopAlertText({ code: 'stale', lastBar: 0, lagMs: 36 * 3_600_000, maxLagMs: 86_400_000 })).toBe(
      'Stale: 36h of trading time behind (allowed 1d)',
    );
    expect(desktopAlertText({ code: 'update_failed', jobId: 'bf-1', message: 'HTTP 503' })).toBe(
      'The last update failed: HTTP 503; see it in Jobs',
    );
    expect(desktopAlertText({ code: 'stalled_job', jobId: 'bf-2', silentMs: 600_000 })).toBe(
      'A job has reported no progress for 10m; cancel it in Jobs',
    );
    expect(desktopAlertText({ code: 'parked', jobId: 'bf-3', ranges: 2 })).toBe(
      '2 range(s) set aside after retries; retry them in Jobs',
    );
  });
});

// `barcat jobs dead-letter` and `barcat jobs retry-dead`.
import { deadLetters, retryDeadLetters } from '../../../engines/schedule/dead-letter';
import { parseBaseUrl } from '../backfill/keep-current-args';
import type { CliIO } from '../command';
import { writeAnswer } from '../io/answer';
import { READ_OPEN } from '../io/open';
import { openKeepCurrent } from './open';
import { deadLettersText, retriesText } from './render';

export async function deadLetterCommand(
  action: 'dead-letter' | 'retry-dead',
  a: { catalogDir: string; io: CliIO; json: boolean; baseUrl: unknown },
): Promise<number> {
  const baseUrl = parseBaseUrl(a.baseUrl);
  const opened = await openKeepCurrent(a.catalogDir, a.io, {
    baseUrl,
    ...(action === 'dead-letter' ? { open: READ_OPEN } : {}),
  });
  try {
    const letters = await deadLetters(a.catalogDir, opened.svc, opened.settings);
    if (action === 'dead-letter') {
      writeAnswer(a.io, a.json, letters, () => deadLettersText(letters));
      // Something to look at is not a failure of this command: 0 either way.
      return 0;
    }
    const results = await retryDeadLetters(letters, opened.svc, opened.runDue);
    writeAnswer(a.io, a.json, results, () => retriesText(results));
    return results.some((r) => r.error !== null) ? 3 : 0;
  } finally {
    await opened.close();
  }
}

import type { HealthProblem } from '../../../src-shared/domain/series-views/health';
import { healthProblemText as problemText } from '../../../src-shared/domain/series-views/health-words';
import { formatTs } from '../../lib/format';

/** The badge's short label: the most pressing problem first. */
export function badgeLabel(problems: readonly HealthProblem[]): string {
  const codes = new Set(problems.map((p) => p.code));
  if (codes.has('update_failed')) return 'failing';
  if (codes.has('stale')) return 'stale';
  if (codes.has('stalled_job')) return 'stalled';
  if (codes.has('parked')) return 'parked';
  if (codes.has('quarantined')) return 'quarantined';
  return 'attention';
}

/** One problem in the app's words (main sends only codes and fields), times as the app shows them. */
export function healthProblemText(p: HealthProblem): string {
  return problemText(p, formatTs);
}

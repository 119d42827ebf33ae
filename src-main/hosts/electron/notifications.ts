import { Notification } from 'electron';
import type { HealthProblem } from '../../../src-shared/domain/series-views/health';
import { healthProblemText } from '../../../src-shared/domain/series-views/health-words';
import type { Core } from '../../app/create-core';

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');

/** Shows the core's healthAlert events as native notifications (the page does so only in the web host). */
export function showHealthAlerts(core: Core): () => void {
  return core.events.subscribe((name, payload) => {
    if (name !== 'healthAlert' || !Notification.isSupported()) return;
    const alert = payload as { series: string; problem: HealthProblem };
    new Notification({
      title: `Barcat: ${alert.series}`,
      body: healthProblemText(alert.problem, iso),
    }).show();
  });
}

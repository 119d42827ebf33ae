import { Notification } from 'electron';
import type { Core } from '../../app/create-core';
import { problemWords } from '../cli/health/words';

/** Shows the core's healthAlert events as native notifications (the page does so only in the web host). */
export function showHealthAlerts(core: Core): () => void {
  return core.events.subscribe((name, payload) => {
    if (name !== 'healthAlert' || !Notification.isSupported()) return;
    const alert = payload as { series: string; problem: Parameters<typeof problemWords>[0] };
    new Notification({ title: `Barcat: ${alert.series}`, body: problemWords(alert.problem) }).show();
  });
}

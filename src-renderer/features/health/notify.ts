import type { EventPayload } from '../../../src-shared/contract';
import { transportKind } from '../../api/client';
import { healthProblemText } from '../availability/health-words';

/** Asks the browser for permission (from the click that turns notifications on); true when granted. */
export async function allowNotifications(): Promise<boolean> {
  if (typeof Notification === 'undefined') return false;
  if (Notification.permission === 'granted') return true;
  if (Notification.permission === 'denied') return false;
  return (await Notification.requestPermission()) === 'granted';
}

/**
 * Shows a healthAlert with the browser's Notification API. Only in the web host: the Electron shell
 * shows its own (hosts/electron/notifications.ts), so the page does not notify twice.
 */
export function showHealthAlert(alert: EventPayload<'healthAlert'>): void {
  if (transportKind() !== 'web' || typeof Notification === 'undefined') return;
  if (Notification.permission !== 'granted') return;
  new Notification(`Barcat: ${alert.series}`, { body: healthProblemText(alert.problem), tag: alert.series });
}

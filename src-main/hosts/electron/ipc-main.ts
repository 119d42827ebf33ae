import { type IpcMainInvokeEvent, ipcMain, type WebContents } from 'electron';
import { COMMAND_NAMES, channelOf, EVENT_NAMES } from '../../../src-shared/contract';
import { fail } from '../../../src-shared/wire';
import type { Core } from '../../app/create-core';

/**
 * The one place main talks IPC. Every command is registered through it: the sender must be our own
 * window showing our own page, the input is parsed by the contract (in core.dispatch), and the reply
 * is always a Result, never a thrown error.
 */
export function registerIpc(
  core: Core,
  trusted: (sender: WebContents, frameUrl: string) => boolean,
): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(channelOf(name), async (event: IpcMainInvokeEvent, input: unknown) => {
      if (!trusted(event.sender, event.senderFrame?.url ?? '')) {
        return fail({
          code: 'USAGE',
          message: `refused ${name}: the request did not come from the Barcat window`,
        });
      }
      return core.dispatch(name, input);
    });
  }
  return () => {
    for (const name of COMMAND_NAMES) ipcMain.removeHandler(channelOf(name));
  };
}

/** Forwards core events to one window; returns the unsubscribe. */
export function forwardEvents(core: Core, target: WebContents): () => void {
  const known = new Set<string>(EVENT_NAMES);
  return core.events.subscribe((name, payload) => {
    if (known.has(name) && !target.isDestroyed()) target.send(channelOf(name), payload);
  });
}

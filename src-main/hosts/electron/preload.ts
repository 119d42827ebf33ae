import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { PreloadBridge } from '../../../src-shared/bridge';
import {
  COMMAND_NAMES,
  channelOf,
  EVENT_NAMES,
  type EventName,
  type EventPayload,
} from '../../../src-shared/contract';
import type { Result } from '../../../src-shared/wire';

// Generated from the contract: one invoke per command, one subscription per event (returning its
// unsubscribe). Results stay envelopes here; the renderer's api/ unwraps them.
const invoke = Object.fromEntries(
  COMMAND_NAMES.map((name) => [
    name,
    (input: unknown) => ipcRenderer.invoke(channelOf(name), input) as Promise<Result<unknown>>,
  ]),
) as unknown as PreloadBridge['invoke'];

const known = new Set<string>(EVENT_NAMES);

const bridge: PreloadBridge = {
  invoke,
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void {
    if (!known.has(name)) throw new Error(`unknown event "${name}"`);
    const wrapped = (_e: unknown, payload: EventPayload<K>) => listener(payload);
    ipcRenderer.on(channelOf(name), wrapped);
    return () => {
      ipcRenderer.removeListener(channelOf(name), wrapped);
    };
  },
  /** Dropped files carry their real path in Electron; no upload is needed. */
  pathForFile: (file: object): string => webUtils.getPathForFile(file as File),
};

contextBridge.exposeInMainWorld('barcat', bridge);

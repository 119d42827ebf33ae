import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from './contract';
import type { Result } from './wire';

/** What the Electron preload exposes as `window.barcat`; generated there from the contract. */
export interface PreloadBridge {
  invoke: { [K in CommandName]: (input: CommandInput<K>) => Promise<Result<CommandOutput<K>>> };
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** The real path of a dropped or picked file (Electron only). */
  pathForFile(file: object): string;
}

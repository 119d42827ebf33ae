import type { CommandName, EventName, EventPayload } from '../../src-shared/contract';
import type { Result } from '../../src-shared/wire';
import type { StreamStatus } from './event-stream';

/** How the client reaches main: the Electron preload or the web host. Nothing above api/ knows which. */
export interface Transport {
  readonly kind: 'electron' | 'web';
  invoke(name: CommandName, input: unknown): Promise<Result<unknown>>;
  on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): () => void;
  /** Reports when the event stream came back after a drop or was refused (web only). */
  onStreamStatus(listener: (status: StreamStatus) => void): () => void;
  /** Makes dropped or picked files readable by main; returns their paths there. */
  stageFiles(
    files: { file: File; relativePath: string }[],
    onProgress?: (done: number) => void,
  ): Promise<string[]>;
}

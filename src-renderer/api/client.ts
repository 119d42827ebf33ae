import type { PreloadBridge } from '../../src-shared/bridge';
import {
  type BarcatApi,
  COMMAND_NAMES,
  type CommandName,
  type EventName,
  type EventPayload,
} from '../../src-shared/contract';
import type { WireError } from '../../src-shared/wire';
import type { StreamStatus } from './event-stream';
import { preloadTransport } from './preload-transport';
import type { Transport } from './transport';
import { webTransport } from './web-transport';

/** A failed command, with main's plain-words message and error code. */
export class ApiError extends Error {
  constructor(readonly wire: WireError) {
    super(wire.message);
    this.name = 'ApiError';
  }
  get code() {
    return this.wire.code;
  }
}

/** One method per contract command, unwrapping the Result envelope into a value or an ApiError. */
export function createClient(transport: Transport): BarcatApi {
  const api = {} as Record<CommandName, (input: unknown) => Promise<unknown>>;
  for (const name of COMMAND_NAMES) {
    api[name] = async (input: unknown) => {
      const r = await transport.invoke(name, input);
      if (!r.ok) throw new ApiError(r.error);
      return r.value;
    };
  }
  return api as unknown as BarcatApi;
}

function pickTransport(): Transport {
  const bridge = (globalThis as { barcat?: PreloadBridge }).barcat;
  if (bridge) return preloadTransport(bridge);
  const url = new URL(globalThis.location.href);
  const token = url.searchParams.get('token') ?? sessionStorage.getItem('barcat-token');
  if (token) sessionStorage.setItem('barcat-token', token);
  return webTransport(token);
}

let transport: Transport | null = null;
let client: BarcatApi | null = null;

/** Chooses the transport once, at start. Tests install their own with `installTransport`. */
export function installTransport(t: Transport): void {
  transport = t;
  client = createClient(t);
}

export function api(): BarcatApi {
  if (!client) installTransport(pickTransport());
  return client!;
}

export function onEvent<K extends EventName>(
  name: K,
  listener: (payload: EventPayload<K>) => void,
): () => void {
  api();
  return transport!.on(name, listener);
}

export function onStreamStatus(listener: (status: StreamStatus) => void): () => void {
  api();
  return transport!.onStreamStatus(listener);
}

export function stageFiles(
  files: { file: File; relativePath: string }[],
  onProgress?: (done: number) => void,
): Promise<string[]> {
  api();
  return transport!.stageFiles(files, onProgress);
}

export function transportKind(): Transport['kind'] {
  api();
  return transport!.kind;
}

/** A message to show the user for anything a command threw. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

/**
 * A feature's wording of a failure: `words` gets the message and main's reason details (an ApiError's;
 * none for anything else), so each feature words its own refusals.
 */
export function errorWords<T>(words: (message: string, details: unknown) => T): (err: unknown) => T {
  return (err) => words(errorText(err), err instanceof ApiError ? err.wire.details : undefined);
}

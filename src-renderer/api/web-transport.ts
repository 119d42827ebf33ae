import { EVENT_NAMES, type EventName, type EventPayload } from '../../src-shared/contract';
import type { Result } from '../../src-shared/wire';
import { openEventStream, type StreamStatus } from './event-stream';
import type { Transport } from './transport';

type Listener = (payload: unknown) => void;

/**
 * Talks to the web host: POST /api/<command> for commands, one event stream, uploads for dropped
 * files. The token from the printed URL goes in a header on every call: the host takes no cookie.
 */
export function webTransport(token: string | null): Transport {
  const listeners = new Map<string, Set<Listener>>();
  const statusListeners = new Set<(status: StreamStatus) => void>();
  const auth: Record<string, string> = token ? { 'x-barcat-token': token } : {};
  const headers = { ...auth, 'content-type': 'application/json' };
  const known = new Set<string>(EVENT_NAMES);
  let connected = false;

  const connect = () => {
    if (connected) return;
    connected = true;
    openEventStream(
      '/api/events',
      auth,
      (name, data) => {
        if (!known.has(name)) return;
        const payload = JSON.parse(data) as unknown;
        for (const l of listeners.get(name) ?? []) l(payload);
      },
      (status) => {
        for (const l of statusListeners) l(status);
      },
    );
  };

  const post = async (
    url: string,
    body: BodyInit,
    extra: Record<string, string> = {},
  ): Promise<Result<unknown>> => {
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers: { ...headers, ...extra }, body });
    } catch {
      return {
        ok: false,
        error: { code: 'NETWORK', message: 'the Barcat web host is not reachable; is it still running?' },
      };
    }
    try {
      // Refusals come back as Result envelopes too, with the host's reason in words.
      return (await res.json()) as Result<unknown>;
    } catch {
      return {
        ok: false,
        error:
          res.status === 403
            ? {
                code: 'USAGE',
                message: 'the web host refused the request: open the URL it printed, with its token',
              }
            : { code: 'INTERNAL', message: `the web host answered ${res.status} without a result` },
      };
    }
  };

  return {
    kind: 'web',
    invoke: (name, input) => post(`/api/${name}`, JSON.stringify(input ?? {})),
    on<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void) {
      connect();
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      const l = listener as Listener;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
    onStreamStatus(listener) {
      connect();
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    stageFiles: async (files, onProgress) => {
      const batch = Array.from(crypto.getRandomValues(new Uint8Array(8)), (b) =>
        b.toString(16).padStart(2, '0'),
      ).join('');
      const paths: string[] = [];
      for (const f of files) {
        const q = new URLSearchParams({ batch, name: f.relativePath });
        const r = await post(`/api/upload?${q}`, f.file, { 'content-type': 'application/octet-stream' });
        if (!r.ok) throw new Error(r.error.message);
        paths.push((r.value as { path: string }).path);
        onProgress?.(paths.length);
      }
      return paths;
    },
  };
}

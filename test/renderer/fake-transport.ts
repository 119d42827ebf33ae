import type { StreamStatus } from '../../src-renderer/api/event-stream';
import type { Transport } from '../../src-renderer/api/transport';
import type { CommandName, EventName } from '../../src-shared/contract';
import type { Result } from '../../src-shared/wire';

/** A transport answering from a table of handlers; records every call. */
export function fakeTransport(answers: Partial<Record<CommandName, (input: unknown) => unknown>>) {
  const calls: { name: CommandName; input: unknown }[] = [];
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const statusListeners = new Set<(s: StreamStatus) => void>();
  const transport: Transport = {
    kind: 'web',
    async invoke(name, input): Promise<Result<unknown>> {
      calls.push({ name, input });
      const answer = answers[name];
      if (!answer) return { ok: false, error: { code: 'INTERNAL', message: `no answer for ${name}` } };
      try {
        return { ok: true, value: await answer(input) };
      } catch (err) {
        return { ok: false, error: { code: 'DATA', message: (err as Error).message } };
      }
    },
    on(name: EventName, listener) {
      let set = listeners.get(name);
      if (!set) {
        set = new Set();
        listeners.set(name, set);
      }
      set.add(listener as (p: unknown) => void);
      return () => set.delete(listener as (p: unknown) => void);
    },
    onStreamStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    stageFiles: async (files) => files.map((f) => `/staged/${f.relativePath}`),
  };
  const emit = (name: EventName, payload: unknown) => {
    for (const l of listeners.get(name) ?? []) l(payload);
  };
  const emitStatus = (status: StreamStatus) => {
    for (const l of statusListeners) l(status);
  };
  return { transport, calls, emit, emitStatus };
}

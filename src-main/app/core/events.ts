import type { EventName, EventPayload } from '../../../src-shared/contract';

export type EventListener = <K extends EventName>(name: K, payload: EventPayload<K>) => void;

/** Main's outgoing events; the Electron shell and the web host each subscribe once and forward. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const l of this.listeners) {
      try {
        l(name, payload);
      } catch {
        // A broken subscriber (closed socket, destroyed window) must not stop the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

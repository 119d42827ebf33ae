/** How long to wait before reconnecting after the stream dropped (EventSource's own default). */
const RETRY_MS = 3000;

/** Hands each complete `event:`/`data:` frame in `text` to onEvent; returns the unfinished rest. */
export function takeFrames(text: string, onEvent: (name: string, data: string) => void): string {
  const frames = text.split('\n\n');
  const rest = frames.pop() ?? '';
  for (const frame of frames) {
    let name = 'message';
    const data: string[] = [];
    for (const line of frame.split('\n')) {
      if (line.startsWith('event: ')) name = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) onEvent(name, data.join('\n'));
  }
  return rest;
}

/**
 * What the stream tells the app about itself: 'resync' when it is back after a drop (events sent
 * meanwhile were missed, so what is shown must be queried again), 'lost' when the host refused it.
 */
export type StreamStatus = 'resync' | 'lost';

/**
 * Server-sent events read with fetch, because EventSource cannot send the token header (and the
 * token is no longer a cookie). Reconnects after a drop like EventSource; stops when refused.
 */
export function openEventStream(
  url: string,
  headers: Record<string, string>,
  onEvent: (name: string, data: string) => void,
  onStatus: (status: StreamStatus) => void,
  retryMs = RETRY_MS,
): void {
  const run = async () => {
    let connectedBefore = false;
    for (;;) {
      try {
        const res = await fetch(url, { headers });
        if (res.status >= 400 && res.status < 500) {
          onStatus('lost');
          return;
        }
        if (res.ok) {
          if (connectedBefore) onStatus('resync');
          connectedBefore = true;
        }
        const reader = res.body?.pipeThrough(new TextDecoderStream()).getReader();
        let buffered = '';
        for (;;) {
          const chunk = await reader?.read();
          if (!chunk || chunk.done) break;
          buffered = takeFrames(buffered + chunk.value, onEvent);
        }
      } catch {
        // The host stopped or the connection broke: retry below.
      }
      await new Promise((resolve) => setTimeout(resolve, retryMs));
    }
  };
  void run();
}

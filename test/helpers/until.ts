/**
 * Polls `get` until it returns a value (not undefined) and returns it. After `limitMs` it fails saying
 * what did not happen (`what` is called then, so it can show the last state seen), not a bare timeout.
 */
export async function until<T>(
  what: string | (() => string),
  get: () => Promise<T | undefined>,
  limitMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${typeof what === 'string' ? what : what()} did not happen`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Performance marks the UI bench reads (performance.getEntriesByName). `markPainted` marks after the
 * next frame has been produced, i.e. when the user can see the result.
 */
export function mark(name: string): void {
  globalThis.performance?.mark?.(name);
}

export function markPainted(name: string): void {
  if (typeof requestAnimationFrame !== 'function') return;
  requestAnimationFrame(() => setTimeout(() => mark(name), 0));
}

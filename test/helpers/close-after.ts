import { afterEach } from 'vitest';

/** Keeps `close` to run after the test and gives `value` back. */
export type Opened = <T>(value: T, close: (value: T) => unknown) => T;

/**
 * Registers an afterEach that closes what each test opened, last opened first (a catalog before the
 * folder it lives in); returns the `opened` that a test wraps each such thing in.
 */
export function closeAfterEach(): Opened {
  const closers: (() => unknown)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
  });
  return (value, close) => {
    closers.push(() => close(value));
    return value;
  };
}

import { afterEach } from 'vitest';

/** Keeps `close` to run after the test and gives `value` back. */
export type Opened = <T>(value: T, close: (value: T) => unknown) => T;

/**
 * Runs every closer, last first, even when one throws (a failing catalog close must not leave its temp
 * folder behind); then rethrows the first error, or an AggregateError when several failed.
 */
export async function runClosers(closers: (() => unknown)[]): Promise<void> {
  const errors: unknown[] = [];
  for (const close of closers.splice(0).reverse()) {
    try {
      await close();
    } catch (err) {
      errors.push(err);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} closers failed`);
}

/**
 * Registers an afterEach that closes what each test opened, last opened first (a catalog before the
 * folder it lives in); returns the `opened` that a test wraps each such thing in.
 */
export function closeAfterEach(): Opened {
  const closers: (() => unknown)[] = [];
  afterEach(() => runClosers(closers));
  return (value, close) => {
    closers.push(() => close(value));
    return value;
  };
}

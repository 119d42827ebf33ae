import { expect } from 'vitest';

type Run = { code: number; out: string; err: string };

/** `barcat symbols` succeeded and printed exactly these lines (the header first). */
export function expectTable(r: Run, lines: string[]): void {
  expect(r.code).toBe(0);
  expect(r.out).toBe([...lines, ''].join('\n'));
}

/** The list cached at the tests' NOW was printed, with the warning that `provider` could not be reached. */
export function expectOfflineTable(r: Run, provider: string, lines: string[]): void {
  expectTable(r, lines);
  expect(r.err).toMatch(
    new RegExp(
      `^${provider} could not be reached \\(.*connection failed.*\\); showing the list fetched 2024-03-14T00:00:00.000Z\\n$`,
    ),
  );
}

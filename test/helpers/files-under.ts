import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Every file below `dir`, as a path relative to it with `/` separators, sorted; [] when `dir` is missing. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Every file below `dir` with its bytes, as relative path → base64: to prove nothing changed there. */
export function filesWithBytes(dir: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(dir).map((f) => [f, readFileSync(path.join(dir, f)).toString('base64')]),
  );
}

// The read paths' manifest check by hand against ManifestSchema, on one manifest text: used by the
// manifest fuzz test (its mutated files) and manifest-check.test.ts (the cases written for it).
import { expect } from 'vitest';
import { parseManifestText } from '../../../../src-main/engines/catalog/disk/manifest';
import { checkManifest } from '../../../../src-main/engines/catalog/disk/manifest-check';
import { ManifestSchema, parseManifest } from '../../../../src-main/engines/catalog/disk/manifest-schema';
import { BarcatError } from '../../../../src-main/plumbing/errors';

type Outcome = { value: unknown } | { code: string; message: string };

async function outcome(fn: () => unknown): Promise<Outcome> {
  try {
    return { value: await fn() };
  } catch (err) {
    if (err instanceof BarcatError) return { code: err.code, message: err.message };
    throw err;
  }
}

/**
 * Asserts the hand check accepts `text` when the schema does, with the same manifest (keys in the same
 * order), and that the read path answers as the schema's parse does: the same manifest, or the same
 * error code and message. Returns whether the schema accepted it.
 */
export async function expectManifestChecksAgree(text: string, file: string): Promise<boolean> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const bySchema = ManifestSchema.safeParse(json);
  const byHand = checkManifest(json);
  expect(byHand !== undefined, text.slice(0, 400)).toBe(bySchema.success);
  if (bySchema.success) {
    expect(byHand).toStrictEqual(bySchema.data);
    expect(JSON.stringify(byHand)).toBe(JSON.stringify(bySchema.data));
  }
  expect(await outcome(() => parseManifestText(text, file))).toStrictEqual(
    await outcome(() => parseManifest(text, file)),
  );
  return bySchema.success;
}

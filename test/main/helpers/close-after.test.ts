import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runClosers } from '../../helpers/close-after';

test('a failing closer does not stop the others, and its error is rethrown', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'close-after-'));
  const ran: string[] = [];
  const failure = new Error('catalog close failed');
  const closers = [
    () => {
      ran.push('folder');
      rmSync(folder, { recursive: true });
    },
    () => {
      ran.push('catalog');
      throw failure;
    },
    async () => {
      ran.push('reader');
    },
  ];
  const outcome = await runClosers(closers).then(
    () => 'resolved',
    (err: unknown) => err,
  );
  expect(outcome).toBe(failure);
  expect(ran).toEqual(['reader', 'catalog', 'folder']);
  expect(existsSync(folder)).toBe(false);
  expect(closers).toEqual([]);
});

test('several failing closers are rethrown together as an AggregateError, in the order they ran', async () => {
  const first = new Error('first');
  const second = new Error('second');
  const ran: string[] = [];
  const closers = [
    () => {
      ran.push('a');
      throw second;
    },
    () => {
      ran.push('b');
    },
    async () => {
      ran.push('c');
      throw first;
    },
  ];
  const outcome = await runClosers(closers).then(
    () => 'resolved',
    (err: unknown) => err,
  );
  expect(outcome).toBeInstanceOf(AggregateError);
  expect((outcome as AggregateError).errors).toEqual([first, second]);
  expect((outcome as AggregateError).message).toBe('2 closers failed');
  expect(ran).toEqual(['c', 'b', 'a']);
});

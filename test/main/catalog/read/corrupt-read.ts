import { expect } from 'vitest';
import { PartitionDecoder } from '../../../../src-main/engines/catalog/read/partition-decoder';

/**
 * A catalog file that does not decode is CORRUPT naming it through production's reader: on this
 * thread, and with the workers only (each worker fails, the reading thread reads it again).
 */
export async function expectCorruptOnEveryPath(file: string, workersOnly: PartitionDecoder): Promise<void> {
  const name = file.split('/').at(-1)!.replace('.', '\\.');
  const corrupt = {
    code: 'CORRUPT',
    message: expect.stringMatching(
      new RegExp(`^partition file .*${name} cannot be decoded .*run "barcat verify"`),
    ),
  };
  const here = new PartitionDecoder();
  try {
    await expect(here.read([{ file, bars: true }], 0)).rejects.toMatchObject(corrupt);
  } finally {
    await here.close();
  }
  const before = workersOnly.workerDecodes;
  const twice = [
    { file, bars: true as const },
    { file, bars: true as const },
  ];
  await expect(workersOnly.read(twice, 2)).rejects.toMatchObject(corrupt);
  expect(workersOnly.workerDecodes).toBe(before);
}

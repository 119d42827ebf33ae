// What the scheduler remembers between runs, per schedule id: CATALOG/jobs/schedules.state.json. Kept
// apart from the settings the user edits; written only by whoever holds the update lock.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ScheduleStateSchema } from '../../../src-shared/domain/job-kinds/schedule';
import { BarcatError } from '../../plumbing/errors';
import { insideCatalog, jobsDir, writeFileAtomic } from '../catalog/index';

const StateFileSchema = z.record(z.string(), ScheduleStateSchema);
export type StateFile = z.infer<typeof StateFileSchema>;

export function scheduleStatePath(catalogDir: string): string {
  return insideCatalog(catalogDir, path.join(jobsDir(catalogDir), 'schedules.state.json'));
}

/** Every schedule's state; none saved yet: none. A damaged file is an error naming it (never dropped). */
export async function readScheduleStates(catalogDir: string): Promise<StateFile> {
  const file = scheduleStatePath(catalogDir);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw err;
  }
  try {
    return StateFileSchema.parse(JSON.parse(text));
  } catch (err) {
    throw new BarcatError(
      'DATA',
      `${file} cannot be read (${(err as Error).message.split('\n')[0]}); move it away to start every schedule afresh (each then runs once)`,
    );
  }
}

export async function writeScheduleStates(catalogDir: string, states: StateFile): Promise<void> {
  await writeFileAtomic(scheduleStatePath(catalogDir), `${JSON.stringify(states, null, 2)}\n`);
}

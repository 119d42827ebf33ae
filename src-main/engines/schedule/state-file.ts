// What the scheduler remembers between runs, per schedule id: CATALOG/jobs/schedules.state.json. Kept
// apart from the settings the user edits; written only by whoever holds the update lock.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ScheduleStateSchema } from '../../../src-shared/domain/schedule';
import { jobsDir, writeFileAtomic } from '../catalog/index';

const StateFileSchema = z.record(z.string(), ScheduleStateSchema);
export type StateFile = z.infer<typeof StateFileSchema>;

export function scheduleStatePath(catalogDir: string): string {
  return path.join(jobsDir(catalogDir), 'schedules.state.json');
}

/** Every schedule's state; a missing or damaged file is no state (each schedule then runs once more). */
export async function readScheduleStates(catalogDir: string): Promise<StateFile> {
  try {
    return StateFileSchema.parse(JSON.parse(await fs.readFile(scheduleStatePath(catalogDir), 'utf8')));
  } catch {
    return {};
  }
}

export async function writeScheduleStates(catalogDir: string, states: StateFile): Promise<void> {
  await writeFileAtomic(scheduleStatePath(catalogDir), `${JSON.stringify(states, null, 2)}\n`);
}

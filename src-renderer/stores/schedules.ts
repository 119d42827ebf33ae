import { create } from 'zustand';
import type { CommandInput, CommandOutput } from '../../src-shared/contract';
import type { DeadLetter, ScheduleView } from '../../src-shared/domain/job-kinds/schedule';
import { api, errorText } from '../api/client';

interface SchedulesState {
  schedules: ScheduleView[];
  groups: CommandOutput<'listSchedules'>['groups'];
  deadLetters: DeadLetter[];
  error: string | null;
  load(): Promise<void>;
  set(input: CommandInput<'setSchedule'>): Promise<string | null>;
  remove(id: string): Promise<void>;
  /** Saves a group and its schedule; the refusal in words, or null. */
  setGroup(input: CommandInput<'setGroupSchedule'>): Promise<string | null>;
  removeGroup(id: string): Promise<void>;
  retryDead(): Promise<void>;
}

/** The open catalog's schedules and dead-letter list; reloaded when a schedule or backfill job changes. */
export const useSchedulesStore = create<SchedulesState>((set, get) => {
  /** A change, then the list re-read; the refusal in words, or null. */
  const change = async (call: () => Promise<unknown>): Promise<string | null> => {
    try {
      await call();
      await get().load();
      return null;
    } catch (err) {
      return errorText(err);
    }
  };
  const removal = async (call: () => Promise<unknown>, what: string) => {
    const failed = await change(call);
    if (failed) set({ error: `Could not remove the ${what}: ${failed}` });
  };
  return {
    schedules: [],
    groups: [],
    deadLetters: [],
    error: null,
    async load() {
      try {
        const [{ schedules, groups }, deadLetters] = await Promise.all([
          api().listSchedules({}),
          api().listDeadLetters({}),
        ]);
        set({ schedules, groups, deadLetters, error: null });
      } catch (err) {
        set({ error: `Could not list schedules: ${errorText(err)}` });
      }
    },
    set: (input) => change(() => api().setSchedule(input)),
    remove: (id) => removal(() => api().removeSchedule({ id }), 'schedule'),
    setGroup: (input) => change(() => api().setGroupSchedule(input)),
    removeGroup: (id) => removal(() => api().removeGroupSchedule({ id }), 'group schedule'),
    async retryDead() {
      try {
        await api().retryDeadLetters({});
      } catch (err) {
        set({ error: `Could not retry: ${errorText(err)}` });
      }
    },
  };
});

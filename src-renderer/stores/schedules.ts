import { create } from 'zustand';
import type { CommandInput, CommandOutput } from '../../src-shared/contract';
import type { DeadLetter, ScheduleView } from '../../src-shared/domain/schedule';
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
export const useSchedulesStore = create<SchedulesState>((set, get) => ({
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
  async set(input) {
    try {
      await api().setSchedule(input);
      await get().load();
      return null;
    } catch (err) {
      return errorText(err);
    }
  },
  async remove(id) {
    try {
      await api().removeSchedule({ id });
      await get().load();
    } catch (err) {
      set({ error: `Could not remove the schedule: ${errorText(err)}` });
    }
  },
  async setGroup(input) {
    try {
      await api().setGroupSchedule(input);
      await get().load();
      return null;
    } catch (err) {
      return errorText(err);
    }
  },
  async removeGroup(id) {
    try {
      await api().removeGroupSchedule({ id });
      await get().load();
    } catch (err) {
      set({ error: `Could not remove the group schedule: ${errorText(err)}` });
    }
  },
  async retryDead() {
    try {
      await api().retryDeadLetters({});
    } catch (err) {
      set({ error: `Could not retry: ${errorText(err)}` });
    }
  },
}));

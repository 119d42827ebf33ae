import { create } from 'zustand';
import type { CatalogInfo, Settings, SettingsPatch } from '../../src-shared/contract';
import { api, errorText } from '../api/client';
import { type SettingsError, settingsError } from '../model/settings/settings-problem';

interface CatalogState {
  info: CatalogInfo | null;
  settings: Settings | null;
  error: string | null;
  sampleLoading: boolean;
  settingsOpen: boolean;
  load(): Promise<void>;
  loadSample(): Promise<void>;
  saveSettings(patch: SettingsPatch): Promise<SettingsError | null>;
  switchCatalog(dir: string, create: boolean): Promise<SettingsError | null>;
  setSettingsOpen(open: boolean): void;
  setInfo(info: CatalogInfo): void;
}

export const useCatalogStore = create<CatalogState>((set) => ({
  info: null,
  settings: null,
  error: null,
  sampleLoading: false,
  settingsOpen: false,
  async load() {
    try {
      const [info, settings] = await Promise.all([api().catalogInfo({}), api().getSettings({})]);
      set({ info, settings, error: null });
    } catch (err) {
      set({ error: `Could not open the catalog: ${errorText(err)}` });
    }
  },
  async loadSample() {
    set({ sampleLoading: true, error: null });
    try {
      await api().loadSampleData({});
      set({ info: await api().catalogInfo({}), sampleLoading: false });
    } catch (err) {
      set({ sampleLoading: false, error: `Could not load the sample data: ${errorText(err)}` });
    }
  },
  async saveSettings(patch) {
    try {
      set({ settings: await api().setSettings(patch) });
      return null;
    } catch (err) {
      return settingsError(err);
    }
  },
  async switchCatalog(dir, create) {
    try {
      const info = create ? await api().createCatalog({ dir }) : await api().openCatalog({ dir });
      set({ info, settings: await api().getSettings({}) });
      return null;
    } catch (err) {
      return settingsError(err);
    }
  },
  setSettingsOpen: (open) => set({ settingsOpen: open }),
  setInfo: (info) => set({ info }),
}));

import type { CommandName, CommandOutput, ParsedInput } from '../../../src-shared/contract';
import type { CatalogState } from './catalog-state';
import type { BackfillService } from './engines';
import type { EventBus } from './events';
import type { JobRegistry } from './jobs';
import type { MetricsPort } from './metrics-port';
import type { QualityRefresher } from './quality-refresh';
import type { AppScheduler } from './schedules';
import type { SettingsStore } from './settings';

/** Everything a handler may touch; built once by createCore. */
export interface CoreContext {
  catalogs: CatalogState;
  bus: EventBus;
  jobs: JobRegistry;
  settings: SettingsStore;
  fetch: typeof fetch;
  now: () => number;
  /** The backfill service of the open catalog, started on first use. */
  backfill(): Promise<BackfillService>;
  /** Keeps the quality results of written series up to date in the background. */
  quality: QualityRefresher;
  /** Runs the open catalog's due schedules while the app is open. */
  schedules: AppScheduler;
  /** Folder of files uploaded through the web host; when set, imports read only from here. */
  uploadDir: string | null;
  /** With uploadDir (the web host): the one folder exports may write in. */
  exportDir: string | null;
  /** The web host's catalogs folder: catalogs are created and opened only inside it; null: anywhere. */
  catalogsRoot: string | null;
  /** The catalog the host started on: with catalogsRoot, the one catalog outside it a page may open again. */
  startupCatalogDir: string;
  /** The desktop app's opt-in metrics port, following the settings. */
  metricsPort: MetricsPort;
  /** The web host's /metrics token, shown in Settings; null in the desktop app. */
  webMetricsToken: string | null;
}

/** The one handler table: every command of the contract, input parsed, output typed. */
export type Handlers = {
  [K in CommandName]: (input: ParsedInput<K>) => Promise<CommandOutput<K>>;
};

import type { ConflictMode } from '../../../src-shared/domain/bar';
import type {
  ErrorPolicy,
  ImportOverrides,
  ImportPreview,
  ImportProgress,
  ImportSummary,
} from '../../../src-shared/domain/import';
import type { JobEvent, ProviderName } from '../../../src-shared/domain/job';
import type { BackfillService as EngineService } from '../../engines/backfill/index';
import type { Catalog } from '../../engines/catalog/index';
import type { previewMember, relabelResult, unpackMembers } from '../../engines/import/index';
import type { GetKey, ProviderKey } from '../../engines/providers/types';
import type { CoreContext } from './context';

/** What core needs from the import engine (src-main/engines/import/session), loaded on first use. */
export interface ImportEngine {
  previewImport(file: string, overrides?: ImportOverrides): Promise<ImportPreview>;
  /** Starts the import workers while the user looks at the preview. */
  warmWorkers(): void;
  /** When these bytes were imported before by this plan (same series): importing again changes nothing. */
  earlierImport(
    catalogDir: string,
    file: string,
    plan: ImportOverrides,
  ): Promise<{ importedAt: string } | undefined>;
  /** An IANA name, UTC, or a fixed offset like UTC+2. */
  isImportZone(zone: string): boolean;
  /** A zip archive's CSV members unpacked to a temporary folder (null when the file is not a zip). */
  unpackMembers: typeof unpackMembers;
  previewMember: typeof previewMember;
  removeUnzipped(dir: string): Promise<void>;
  /** A result of an unpacked member named by its label instead of its temporary path. */
  relabelResult: typeof relabelResult;
  runImport(
    catalog: Catalog,
    request: {
      paths: string[];
      overrides?: ImportOverrides;
      mode: ConflictMode;
      onError: ErrorPolicy;
      force?: boolean;
    },
    opts: { signal?: AbortSignal; onProgress?: (p: ImportProgress) => void },
  ): Promise<ImportSummary>;
}

/** Loaded lazily: parsing code and its worker plumbing are only needed once the user imports. */
export async function loadImportEngine(): Promise<ImportEngine> {
  const engine = await import('../../engines/import/index');
  return {
    previewImport: engine.previewImport,
    runImport: engine.runImport,
    earlierImport: engine.earlierImport,
    isImportZone: engine.isImportZone,
    unpackMembers: engine.unpackMembers,
    previewMember: engine.previewMember,
    removeUnzipped: engine.removeUnzipped,
    relabelResult: engine.relabelResult,
    warmWorkers: () => engine.warmImportWorkers({ parquet: true }),
  };
}

/** What core uses of the backfill engine's service (src-main/engines/backfill/keep-current), one per open catalog. */
export type BackfillService = Pick<
  EngineService,
  'start' | 'get' | 'cancel' | 'retryParked' | 'restart' | 'list' | 'close' | 'plan' | 'wait'
>;

export interface BackfillDeps {
  catalog: Catalog;
  fetch: typeof fetch;
  /** The stored key of a provider, decrypted only when a request needs it. */
  keyFor(provider: string): string | undefined;
  onEvent(e: JobEvent): void;
}

/** Alpaca keys are entered as `KEY_ID:SECRET`; other providers take one secret. */
export function parseProviderKey(raw: string | undefined): ProviderKey | undefined {
  if (!raw) return undefined;
  const colon = raw.indexOf(':');
  return colon > 0 ? { id: raw.slice(0, colon), secret: raw.slice(colon + 1) } : { secret: raw };
}

/**
 * Provider base URLs of one catalog: the one set in the app's Settings, else the catalog's settings
 * file (as schedules and the CLI read it), else none (the provider's own).
 */
export async function providerBaseUrls(
  appBaseUrl: (provider: ProviderName) => string | undefined,
  catalogDir: string,
): Promise<(provider: ProviderName) => string | undefined> {
  const { readSharedSettings } = await import('../../engines/schedule/settings-file');
  const { sharedBaseUrl } = await import('../../engines/schedule/provider-settings');
  const shared = await readSharedSettings(catalogDir);
  return (p) => appBaseUrl(p) ?? sharedBaseUrl(shared, p);
}

/** The app's provider base URLs for the catalog at `dir` (the open one by default). */
export function appBaseUrls(
  ctx: CoreContext,
  dir = ctx.catalogs.get().dir,
): Promise<(provider: ProviderName) => string | undefined> {
  return providerBaseUrls((p) => ctx.settings.provider(p).baseUrl, dir);
}

/** Provider keys of one catalog, looked up as the CLI does, with the app's own keys first. */
export async function providerKeys(
  keyFor: (provider: string) => string | undefined,
  catalogDir: string,
): Promise<GetKey> {
  const { keysFromEnv } = await import('../../engines/providers/index');
  const envKey = keysFromEnv(process.env);
  const { readSharedSettings } = await import('../../engines/schedule/settings-file');
  const { sharedKeys } = await import('../../engines/schedule/provider-settings');
  // A key set in the app wins; then the variable the catalog's settings file names, as the CLI reads
  // it; then the BARCAT_* variables.
  return async (name) =>
    parseProviderKey(keyFor(name)) ??
    (await sharedKeys(await readSharedSettings(catalogDir), process.env, envKey)(name));
}

export async function loadBackfillEngine(): Promise<(deps: BackfillDeps) => Promise<BackfillService>> {
  const { createBackfillService } = await import('../../engines/backfill/index');
  return async (deps) => {
    // Jobs run in a worker thread so fetching, validating and Parquet encoding never hold up the
    // process that answers the UI; an injected fetch (tests) cannot cross into a worker, so it runs here.
    const injected = deps.fetch !== globalThis.fetch;
    const service = createBackfillService({
      catalog: deps.catalog,
      catalogDir: deps.catalog.dir,
      getKey: await providerKeys(deps.keyFor, deps.catalog.dir),
      ...(injected ? { fetch: deps.fetch } : { worker: true }),
    });
    service.onEvent(deps.onEvent);
    // Jobs a crash or quit left unfinished continue where they stopped.
    await service.resumeInterrupted();
    return service;
  };
}

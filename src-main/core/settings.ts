import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Settings, SettingsPatch } from '../../src-shared/contract';
import { PROVIDER_NAMES } from '../../src-shared/domain/job';

/** Encrypts provider keys at rest; the Electron shell passes one backed by safeStorage. */
export interface SecretStore {
  readonly kind: 'safeStorage' | 'file';
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/** Without an OS keychain (web host, CLI) keys are kept as-is in a file readable only by the user. */
export const FILE_SECRET_STORE: SecretStore = {
  kind: 'file',
  encrypt: (plain) => plain,
  decrypt: (stored) => stored,
};

const StoredSchema = z.object({
  defaultTimezone: z.string().default('UTC'),
  defaultProvider: z.string().default('binance-spot'),
  providers: z
    .record(z.string(), z.object({ baseUrl: z.string().optional(), key: z.string().optional() }))
    .default({}),
});
type Stored = z.infer<typeof StoredSchema>;

/** settings.json in the user's data folder (not in the catalog: settings belong to the user). */
export class SettingsStore {
  private stored: Stored;

  constructor(
    private readonly file: string | null,
    private readonly secrets: SecretStore,
  ) {
    this.stored = StoredSchema.parse({});
    if (file && existsSync(file)) {
      try {
        this.stored = StoredSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      } catch {
        // Unreadable settings fall back to defaults; the next save rewrites them.
      }
    }
  }

  view(catalogDir: string): Settings {
    const providers: Settings['providers'] = {};
    for (const name of PROVIDER_NAMES) {
      const p = this.stored.providers[name];
      providers[name] = { baseUrl: p?.baseUrl ?? '', hasKey: Boolean(p?.key) };
    }
    return {
      catalogDir,
      defaultTimezone: this.stored.defaultTimezone,
      defaultProvider: this.stored.defaultProvider,
      providers,
      keyStorage: this.secrets.kind,
    };
  }

  /** The user's base URL (undefined: the provider's own default) and decrypted key for a provider. */
  provider(name: string): { baseUrl?: string; key?: string } {
    const stored = this.stored.providers[name];
    return {
      baseUrl: stored?.baseUrl || undefined,
      key: stored?.key ? this.secrets.decrypt(stored.key) : undefined,
    };
  }

  get defaultTimezone(): string {
    return this.stored.defaultTimezone;
  }

  get defaultProvider(): string {
    return this.stored.defaultProvider;
  }

  apply(patch: SettingsPatch): void {
    const next: Stored = structuredClone(this.stored);
    if (patch.defaultTimezone) next.defaultTimezone = patch.defaultTimezone;
    if (patch.defaultProvider) next.defaultProvider = patch.defaultProvider;
    for (const [name, p] of Object.entries(patch.providers ?? {})) {
      const current = next.providers[name] ?? {};
      if (p.baseUrl !== undefined)
        current.baseUrl = p.baseUrl === '' ? undefined : p.baseUrl.replace(/\/+$/, '');
      if (p.key !== undefined) current.key = p.key === '' ? undefined : this.secrets.encrypt(p.key);
      next.providers[name] = current;
    }
    this.stored = next;
    this.save();
  }

  private save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.stored, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
    chmodSync(this.file, 0o600);
  }
}

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Settings, SettingsPatch } from '../../../src-shared/contract';
import { PROVIDER_NAMES } from '../../../src-shared/domain/job';
import { DEFAULT_READ_CACHE_MB, MAX_READ_CACHE_MB } from '../../../src-shared/domain/settings/read-cache';
import type { SettingsProblem } from '../../../src-shared/domain/settings/settings-problem';
import { isValidTimeZone } from '../../engines/calendars/zoned-time';
import { parseDbTarget, targetLabel } from '../../engines/databases/index';
import { BarcatError } from '../../plumbing/errors';

/**
 * Encrypts provider keys at rest; the Electron shell passes one backed by safeStorage. Kind
 * 'session' has no keychain: keys are then held in memory for this run only, never written.
 */
export interface SecretStore {
  readonly kind: 'safeStorage' | 'session';
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

/** Without an OS keychain (web host) keys live in memory only: a key is never written in plain text. */
export const SESSION_SECRET_STORE: SecretStore = {
  kind: 'session',
  encrypt: (plain) => plain,
  decrypt: (stored) => stored,
};

// Unknown keys (e.g. defaultProvider of older versions: each series has its provider now) are dropped.
const StoredSchema = z.object({
  defaultTimezone: z.string().default('UTC'),
  readCacheMb: z.number().int().min(0).max(MAX_READ_CACHE_MB).default(DEFAULT_READ_CACHE_MB),
  providers: z
    .record(z.string(), z.object({ baseUrl: z.string().optional(), key: z.string().optional() }))
    .default({}),
  /** The app's opt-in /metrics port and its scrapers' token; absent while off. */
  metricsPort: z.number().int().optional(),
  metricsToken: z.string().optional(),
  /** Database passwords by connection (targetLabel), encrypted by the SecretStore; absent while none. */
  dbPasswords: z.record(z.string(), z.string()).optional(),
});
type Stored = z.infer<typeof StoredSchema>;

/** settings.json in the user's data folder (not in the catalog: settings belong to the user). */
export class SettingsStore {
  private stored: Stored;
  /** Keys of a 'session' store: kept here, stripped from every save. */
  private readonly sessionKeys = new Map<string, string>();
  /** Database passwords of a 'session' store, by connection: in memory only. */
  private readonly sessionDbPasswords = new Map<string, string>();

  constructor(
    private readonly file: string | null,
    private readonly secrets: SecretStore,
  ) {
    this.stored = StoredSchema.parse({});
    if (file && existsSync(file)) {
      try {
        this.stored = StoredSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
        if (secrets.kind === 'session') {
          for (const p of Object.values(this.stored.providers)) delete p.key;
          delete this.stored.dbPasswords;
        }
      } catch {
        // Unreadable settings fall back to defaults; the next save rewrites them.
      }
    }
  }

  view(catalogDir: string): Settings {
    const providers: Settings['providers'] = {};
    for (const name of PROVIDER_NAMES) {
      const p = this.stored.providers[name];
      providers[name] = { baseUrl: p?.baseUrl ?? '', hasKey: Boolean(p?.key ?? this.sessionKeys.get(name)) };
    }
    return {
      catalogDir,
      defaultTimezone: this.stored.defaultTimezone,
      providers,
      keyStorage: this.secrets.kind,
      ...(this.stored.metricsPort
        ? { metricsPort: this.stored.metricsPort, metricsToken: this.stored.metricsToken ?? null }
        : {}),
      readCacheMb: this.stored.readCacheMb,
      ...this.dbPasswordsView(),
    };
  }

  /** Connections with a saved password, each only "saved" (the answer never carries a password). */
  private dbPasswordsView(): Pick<Settings, 'dbPasswords'> {
    const names = [...Object.keys(this.stored.dbPasswords ?? {}), ...this.sessionDbPasswords.keys()].sort();
    return names.length > 0
      ? { dbPasswords: Object.fromEntries(names.map((n) => [n, 'saved' as const])) }
      : {};
  }

  /** The saved password of a database connection (its targetLabel), decrypted; undefined: none. */
  dbPassword(connection: string): string | undefined {
    const stored = this.stored.dbPasswords?.[connection];
    return stored ? this.secrets.decrypt(stored) : this.sessionDbPasswords.get(connection);
  }

  /** The user's base URL (undefined: the provider's own default) and decrypted key for a provider. */
  provider(name: string): { baseUrl?: string; key?: string } {
    const stored = this.stored.providers[name];
    return {
      baseUrl: stored?.baseUrl || undefined,
      key: stored?.key ? this.secrets.decrypt(stored.key) : this.sessionKeys.get(name),
    };
  }

  get readCacheMb(): number {
    return this.stored.readCacheMb;
  }

  get defaultTimezone(): string {
    return this.stored.defaultTimezone;
  }

  /** Applies and saves the patch; an unknown time zone is refused (it would break every import preview). */
  apply(patch: SettingsPatch): void {
    if (patch.defaultTimezone && !isValidTimeZone(patch.defaultTimezone)) {
      const problem: SettingsProblem = { reason: 'unknown-time-zone', timeZone: patch.defaultTimezone };
      throw new BarcatError(
        'BAD_INPUT',
        `time zone "${patch.defaultTimezone}" is not known; use an IANA name such as UTC or America/New_York`,
        problem,
      );
    }
    // Every connection named before anything changes: a bad URL refuses the whole patch, none of it applied.
    const dbPasswords = Object.entries(patch.dbPasswords ?? {}).map(
      ([url, password]) => [targetLabel(parseDbTarget(url)), password] as const,
    );
    const next: Stored = structuredClone(this.stored);
    if (patch.defaultTimezone) next.defaultTimezone = patch.defaultTimezone;
    if (patch.metricsPort === null) {
      // Turning it off forgets the token: a scraper configured with it is refused from then on.
      delete next.metricsPort;
      delete next.metricsToken;
    } else if (patch.metricsPort !== undefined) {
      next.metricsPort = patch.metricsPort;
      next.metricsToken ??= randomBytes(24).toString('base64url');
    }
    if (patch.readCacheMb !== undefined) next.readCacheMb = patch.readCacheMb;
    for (const [name, p] of Object.entries(patch.providers ?? {})) {
      const current = next.providers[name] ?? {};
      if (p.baseUrl !== undefined)
        current.baseUrl = p.baseUrl === '' ? undefined : p.baseUrl.replace(/\/+$/, '');
      if (p.key !== undefined && this.secrets.kind === 'session') {
        if (p.key === '') this.sessionKeys.delete(name);
        else this.sessionKeys.set(name, p.key);
      } else if (p.key !== undefined) current.key = p.key === '' ? undefined : this.secrets.encrypt(p.key);
      next.providers[name] = current;
    }
    // Keyed by the password-free name; a URL carrying a password is refused (parseDbTarget).
    for (const [name, password] of dbPasswords) {
      const kept = { ...next.dbPasswords };
      delete kept[name];
      this.sessionDbPasswords.delete(name);
      if (password !== '' && this.secrets.kind === 'session') this.sessionDbPasswords.set(name, password);
      else if (password !== '') kept[name] = this.secrets.encrypt(password);
      if (Object.keys(kept).length > 0) next.dbPasswords = kept;
      else delete next.dbPasswords;
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

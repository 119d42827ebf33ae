import { useCallback, useState } from 'react';
import type { Settings, SettingsPatch } from '../../../src-shared/contract';
import { transportKind } from '../../api/client';
import { ErrorLine } from '../../lib/ErrorLine';
import { Modal } from '../../lib/Modal';
import { useCatalogStore } from '../../stores/catalog';
import { CatalogHealth } from './CatalogHealth';
import { MetricsPort } from './MetricsPort';
import './settings.css';

export function SettingsDialog() {
  const settings = useCatalogStore((s) => s.settings);
  const settingsOpen = useCatalogStore((s) => s.settingsOpen);
  if (!settingsOpen || !settings) return null;
  // The form mounts on every open: an edit not saved is gone after Close.
  return <SettingsForm settings={settings} />;
}

function SettingsForm({ settings }: { settings: Settings }) {
  const { setSettingsOpen, saveSettings, switchCatalog } = useCatalogStore();
  const [dir, setDir] = useState('');
  const [tz, setTz] = useState<string | null>(null);
  const [cacheMb, setCacheMb] = useState<string | null>(null);
  const [urls, setUrls] = useState<Record<string, string>>({});
  const [keys, setKeys] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [tzProblem, setTzProblem] = useState<string | null>(null);
  // Stable, so Modal's Escape listener is added once, not at each render.
  const close = useCallback(() => setSettingsOpen(false), [setSettingsOpen]);
  // The web host refuses a server named by a page (PAGE_SERVER): the fields only show settings.json's.
  const serversFixed = transportKind() === 'web';

  const save = async () => {
    const providers: NonNullable<SettingsPatch['providers']> = {};
    for (const name of Object.keys(settings.providers) as (keyof typeof providers)[]) {
      const p: { baseUrl?: string; key?: string } = {};
      if (urls[name] !== undefined) p.baseUrl = urls[name];
      if (keys[name] !== undefined) p.key = keys[name];
      if (Object.keys(p).length) providers[name] = p;
    }
    const readCacheMb = cacheMb === null || cacheMb.trim() === '' ? undefined : Number(cacheMb);
    const error = await saveSettings({
      ...(tz ? { defaultTimezone: tz } : {}),
      ...(readCacheMb !== undefined ? { readCacheMb } : {}),
      providers,
    });
    const atField = error?.problem?.reason === 'unknown-time-zone';
    setTzProblem(atField ? error.text : null);
    if (!error) setMessage({ error: false, text: 'Saved.' });
    else setMessage({ error: true, text: `Not saved: ${atField ? 'see the time zone above.' : error.text}` });
    if (!error) setKeys({});
  };

  const switchTo = async (create: boolean) => {
    const error = await switchCatalog(dir, create);
    setMessage(error ? { error: true, text: error.text } : { error: false, text: `Now using ${dir}` });
  };

  return (
    <Modal name="settings" testId="settings-dialog" onClose={close} closeOnEscape>
      <div className="settings-body">
        <section className="settings-section">
          <div className="section-title">Catalog</div>
          <div className="muted mono">{settings.catalogDir}</div>
          <div className="row">
            <input
              placeholder="/path/to/another/catalog"
              value={dir}
              onChange={(e) => setDir(e.target.value)}
              aria-label="Catalog folder"
            />
            <button type="button" disabled={!dir} onClick={() => void switchTo(false)}>
              Open
            </button>
            <button type="button" disabled={!dir} onClick={() => void switchTo(true)}>
              New catalog
            </button>
          </div>
          <CatalogHealth onStarted={close} />
        </section>
        <section className="settings-section">
          <div className="section-title">Default time zone for imports</div>
          <input
            value={tz ?? settings.defaultTimezone}
            onChange={(e) => {
              setTz(e.target.value);
              setTzProblem(null);
            }}
            aria-label="Default time zone"
            aria-invalid={tzProblem !== null}
          />
          <ErrorLine text={tzProblem} testId="timezone-problem" />
        </section>
        <section className="settings-section">
          <div className="section-title">Read cache (MB)</div>
          <div className="muted">
            Recently read partitions stay decoded in memory, so charts and checks reread them at once. 0 turns
            the cache off.
          </div>
          <input
            type="number"
            min={0}
            step={64}
            value={cacheMb ?? String(settings.readCacheMb)}
            onChange={(e) => setCacheMb(e.target.value)}
            aria-label="Read cache in MB"
          />
        </section>
        <section className="settings-section">
          <div className="section-title">Providers</div>
          <div className="muted">
            {settings.keyStorage === 'safeStorage'
              ? 'Keys are stored encrypted with the system keychain.'
              : 'No system keychain here: keys are kept in memory until the app stops, never written to disk. BARCAT_ALPACA_KEY_ID, BARCAT_ALPACA_SECRET, BARCAT_POLYGON_KEY and BARCAT_TIINGO_KEY in the environment are used when no key is set.'}
            {serversFixed &&
              " In the browser the base URLs are read-only: set them in settings.json beside the web host's data."}
          </div>
          {Object.entries(settings.providers).map(([name, p]) => (
            <div className="provider" key={name}>
              <b>{name}</b>
              <label className="field">
                <span>Base URL</span>
                <input
                  value={urls[name] ?? p.baseUrl}
                  disabled={serversFixed}
                  title={serversFixed ? "Set in settings.json beside the web host's data" : undefined}
                  onChange={(e) => setUrls({ ...urls, [name]: e.target.value })}
                />
              </label>
              <label className="field">
                <span>API key {p.hasKey ? '(stored)' : ''}</span>
                <input
                  type="password"
                  placeholder={
                    p.hasKey ? '•••••••• (leave empty to keep)' : name === 'alpaca' ? 'KEY_ID:SECRET' : 'none'
                  }
                  value={keys[name] ?? ''}
                  onChange={(e) => setKeys({ ...keys, [name]: e.target.value })}
                />
              </label>
            </div>
          ))}
        </section>
        <MetricsPort settings={settings} />
      </div>
      {message && (
        <div className={message.error ? 'error-line' : 'ok-line'} data-testid="settings-message">
          {message.text}
        </div>
      )}
      <div className="modal-foot">
        <button type="button" onClick={close}>
          Close
        </button>
        <button type="button" className="primary" onClick={() => void save()}>
          Save
        </button>
      </div>
    </Modal>
  );
}

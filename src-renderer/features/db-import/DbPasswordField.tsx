import { useState } from 'react';
import { api, errorText } from '../../api/client';

/**
 * The connection's password, saved into the app's SecretStore (the system keychain in the desktop
 * app, this session's memory in the browser). Never shown again: the answer only says "saved".
 */
export function DbPasswordField({ url }: { url: string }) {
  const [password, setPassword] = useState('');
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    try {
      const settings = await api().setSettings({ dbPasswords: { [url.trim()]: password } });
      const where =
        settings.keyStorage === 'safeStorage' ? 'in the system keychain' : 'for this session only';
      setSaved(`Password saved ${where}.`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setPassword('');
    }
  };
  return (
    <div className="db-row">
      <label className="db-field">
        <span>Password</span>
        <input
          type="password"
          autoComplete="off"
          value={password}
          onChange={(e) => {
            setPassword(e.target.value);
            setSaved(null);
          }}
          data-testid="db-password"
        />
      </label>
      <button
        type="button"
        disabled={!url || !password}
        onClick={() => void save()}
        data-testid="db-password-save"
      >
        Save password
      </button>
      {saved && (
        <span className="db-ok" data-testid="db-password-saved">
          {saved}
        </span>
      )}
      {error && (
        <span className="error" data-testid="db-password-error">
          {error}
        </span>
      )}
    </div>
  );
}

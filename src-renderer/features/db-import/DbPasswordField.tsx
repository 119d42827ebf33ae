import { useState } from 'react';
import { TextField } from '../../lib/TextField';
import { type DbPasswordOutcome, saveDbPassword } from './db-password';

/**
 * The connection's password, saved into the app's SecretStore (the system keychain in the desktop
 * app, this session's memory in the browser). Never shown again: the answer only says "saved".
 */
export function DbPasswordField({ url }: { url: string }) {
  const [password, setPassword] = useState('');
  const [outcome, setOutcome] = useState<DbPasswordOutcome | null>(null);
  const save = async () => {
    setOutcome(null);
    setOutcome(await saveDbPassword(url, password));
    setPassword('');
  };
  return (
    <div className="db-row">
      <TextField
        label="Password"
        labelClass="db-field"
        type="password"
        autoComplete="off"
        value={password}
        onText={setPassword}
        onEdit={() => setOutcome(null)}
        data-testid="db-password"
      />
      <button
        type="button"
        disabled={!url || !password}
        onClick={() => void save()}
        data-testid="db-password-save"
      >
        Save password
      </button>
      {outcome && 'saved' in outcome && (
        <span className="db-ok" data-testid="db-password-saved">
          {outcome.saved}
        </span>
      )}
      {outcome && 'error' in outcome && (
        <span className="error" data-testid="db-password-error">
          {outcome.error}
        </span>
      )}
    </div>
  );
}

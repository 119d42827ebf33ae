import { useState } from 'react';
import { ApiError, api, errorText } from '../../api/client';
import { useSeriesStore } from '../../stores/series';
import { type RenameField as Field, renameErrorText } from './rename-words';

/** "Rename…": an inline form for the venue and symbol of the series shown (same timeframe). */
export function RenameSeries({ id, venue, symbol }: { id: string; venue: string; symbol: string }) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ venue, symbol });
  const [error, setError] = useState<{ field?: Field; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  if (!open)
    return (
      <button
        type="button"
        onClick={() => {
          setValues({ venue, symbol });
          setError(null);
          setOpen(true);
        }}
      >
        Rename…
      </button>
    );

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const renamed = await api().renameSeries({ id, venue: values.venue, symbol: values.symbol });
      const series = useSeriesStore.getState();
      await series.load();
      series.select(renamed.id);
      setOpen(false);
    } catch (err) {
      setError(renameErrorText(errorText(err), err instanceof ApiError ? err.wire.details : undefined));
    } finally {
      setBusy(false);
    }
  };

  const input = (field: Field) => (
    <label className="stat">
      <span className="stat-label">{field === 'venue' ? 'Venue' : 'Symbol'}</span>
      <input
        className="mono"
        data-testid={`rename-${field}`}
        value={values[field]}
        onChange={(e) => setValues({ ...values, [field]: e.target.value })}
      />
      {error?.field === field && <span className="error-line">{error.text}</span>}
    </label>
  );

  return (
    <form
      className="rename-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {input('venue')}
      {input('symbol')}
      <button type="submit" className="primary" disabled={busy}>
        Rename
      </button>
      <button type="button" disabled={busy} onClick={() => setOpen(false)}>
        Cancel
      </button>
      {error && !error.field && <span className="error-line">{error.text}</span>}
    </form>
  );
}

import { useState } from 'react';
import { parseTimeframe, TIMEFRAMES, type Timeframe } from '../../../src-shared/domain/timeframe';

/**
 * The timeframe of an import file: any `N` + unit (10m, 45m, 2d), the fixed list offered as
 * suggestions. A typed spelling is committed in its canonical form (60m -> 1h); a wrong one is named
 * under the field and not committed.
 */
export function TimeframeField({
  value,
  onCommit,
}: {
  value: Timeframe | null;
  onCommit(tf: Timeframe): void;
}) {
  const [error, setError] = useState<string | null>(null);
  const commit = (raw: string) => {
    if (raw.trim() === '' || raw === value) return setError(null);
    const parsed = parseTimeframe(raw);
    if ('error' in parsed) return setError(parsed.error);
    setError(null);
    if (parsed.timeframe !== value) onCommit(parsed.timeframe);
  };
  return (
    <label className="field">
      <span>Timeframe</span>
      <input
        list="timeframe-suggestions"
        placeholder="?"
        defaultValue={value ?? ''}
        key={value ?? ''}
        aria-invalid={error !== null}
        onBlur={(e) => commit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      <datalist id="timeframe-suggestions">
        {TIMEFRAMES.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {error && <span className="error-line">{error}</span>}
    </label>
  );
}

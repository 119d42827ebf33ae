import { useState } from 'react';
import { errorText } from '../api/client';

/**
 * A form's button action: busy while it runs (so the button is disabled), and its failure as the
 * words of the form's error line, cleared when the action starts again.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (what: () => Promise<void>, failure: (err: unknown) => string = errorText) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(failure(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

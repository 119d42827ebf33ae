import { useState } from 'react';
import type { Settings } from '../../../src-shared/contract';
import { transportKind } from '../../api/client';
import { ErrorLine } from '../../lib/ErrorLine';
import { useCatalogStore } from '../../stores/catalog';

/**
 * The desktop app's opt-in /metrics port; in the web host, its /metrics address and read-only token.
 * Off by default; the token shown is what a Prometheus scraper sends as a Bearer header.
 */
export function MetricsPort({ settings }: { settings: Settings }) {
  const saveSettings = useCatalogStore((s) => s.saveSettings);
  const [port, setPort] = useState(settings.metricsPort ? String(settings.metricsPort) : '');
  const [problem, setProblem] = useState<string | null>(null);
  if (transportKind() === 'web')
    return settings.webMetricsToken ? (
      <section className="settings-section">
        <div className="section-title">Metrics for Prometheus</div>
        <div className="muted mono">
          {window.location.origin}/metrics · Authorization: Bearer {settings.webMetricsToken} (read-only, new
          at each start of the web host)
        </div>
      </section>
    ) : null;
  const apply = async () => {
    const n = port.trim() === '' ? null : Number(port);
    if (n !== null && !(Number.isInteger(n) && n >= 1024 && n <= 65535)) {
      setProblem('Give a port from 1024 to 65535, or leave it empty to turn metrics off.');
      return;
    }
    const error = await saveSettings({ metricsPort: n });
    setProblem(error ? error.text : null);
  };
  return (
    <section className="settings-section">
      <div className="section-title">Metrics for Prometheus (off by default)</div>
      <div className="row">
        <input
          inputMode="numeric"
          placeholder="port, e.g. 9464"
          value={port}
          onChange={(e) => setPort(e.target.value)}
          aria-label="Metrics port"
        />
        <button type="button" onClick={() => void apply()}>
          Apply
        </button>
      </div>
      {settings.metricsPort && settings.metricsToken ? (
        <div className="muted mono">
          http://127.0.0.1:{settings.metricsPort}/metrics · Authorization: Bearer {settings.metricsToken}
        </div>
      ) : null}
      <ErrorLine text={problem} />
    </section>
  );
}

import type { MetricsText } from './metrics';

/** What serves /metrics on a port (the host's server: hosts/web/metrics-server's startMetricsServer). */
export type ServeMetrics = (
  source: { metrics(): Promise<MetricsText> },
  opts: { port: number; token: string },
) => Promise<{ port: number; close(): Promise<void> }>;

/**
 * The desktop app's opt-in metrics port, kept in step with the settings: served while a port is set,
 * closed when it is turned off (a scraper with the old token is refused at once), reopened when the
 * port or token changes. Changes run one after another.
 */
export class MetricsPort {
  private current: { port: number; token: string; close(): Promise<void> } | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly serve: ServeMetrics | undefined,
    private readonly source: { metrics(): Promise<MetricsText> },
    private readonly warn: (message: string) => void,
  ) {}

  sync(port: number | null | undefined, token: string | null | undefined): Promise<void> {
    this.chain = this.chain.then(() => this.apply(port ?? null, token ?? null));
    return this.chain;
  }

  close(): Promise<void> {
    return this.sync(null, null);
  }

  private async apply(port: number | null, token: string | null): Promise<void> {
    if (!this.serve) return;
    const cur = this.current;
    if (cur && cur.port === port && cur.token === token) return;
    if (cur) {
      this.current = null;
      await cur.close();
    }
    if (port === null || token === null) return;
    try {
      const server = await this.serve(this.source, { port, token });
      this.current = { port, token, close: () => server.close() };
    } catch (err) {
      this.warn(`metrics port ${port} could not be opened: ${(err as Error).message}`);
    }
  }
}

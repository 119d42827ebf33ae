import type { CatalogInfo } from '../../src-shared/contract';
import type { Catalog } from '../catalog/types';
import type { EventBus } from './events';

export type OpenCatalog = (dir: string, opts: { create: boolean }) => Promise<Catalog>;

/** The one open catalog; switching closes the old one and tells the UI. */
export class CatalogState {
  private current: Catalog | null = null;

  constructor(
    private readonly open: OpenCatalog,
    private readonly bus: EventBus,
    /** Runs once the catalog is open, before the UI hears of it (the jobs of that catalog load here). */
    private readonly opened: (dir: string) => void = () => {},
  ) {}

  get(): Catalog {
    if (!this.current) throw new Error('no catalog is open');
    return this.current;
  }

  async switchTo(dir: string, create: boolean): Promise<CatalogInfo> {
    const next = await this.open(dir, { create });
    const previous = this.current;
    this.current = next;
    if (previous && previous !== next) await previous.close();
    this.opened(next.dir);
    const info = await this.info();
    this.bus.emit('catalogChanged', info);
    return info;
  }

  async info(): Promise<CatalogInfo> {
    const catalog = this.get();
    const series = await catalog.listSeries();
    return { dir: catalog.dir, seriesCount: series.length, empty: series.length === 0 };
  }

  async close(): Promise<void> {
    const c = this.current;
    this.current = null;
    await c?.close();
  }
}

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
    const info = await this.info();
    this.bus.emit('catalogChanged', info);
    return info;
  }

  async info(): Promise<CatalogInfo> {
    const catalog = this.get();
    const { series, broken } = catalog.seriesListing
      ? await catalog.seriesListing()
      : { series: await catalog.listSeries(), broken: [] };
    const info: CatalogInfo = { dir: catalog.dir, seriesCount: series.length, empty: series.length === 0 };
    // Additive: only a catalog with broken series carries the field.
    return broken.length > 0 ? { ...info, brokenSeries: broken } : info;
  }

  async close(): Promise<void> {
    const c = this.current;
    this.current = null;
    await c?.close();
  }
}

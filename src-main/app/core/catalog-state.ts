import type { CatalogInfo } from '../../../src-shared/contract';
import type { SettingsProblem } from '../../../src-shared/domain/settings/settings-problem';
import { type Catalog, checkCatalogFolder } from '../../engines/catalog/index';
import { BarcatError } from '../../plumbing/errors';
import type { EventBus } from './events';

export type OpenCatalog = (dir: string, opts: { create: boolean }) => Promise<Catalog>;

/** The one open catalog; switching closes the old one and tells the UI. */
export class CatalogState {
  private current: Catalog | null = null;

  constructor(
    private readonly open: OpenCatalog,
    private readonly bus: EventBus,
    /** Runs once the catalog is open, before it becomes current (the jobs of that catalog load here). */
    private readonly opened: (dir: string) => void = () => {},
  ) {}

  /** The open catalog, or null (before the first open, after close). */
  peek(): Catalog | null {
    return this.current;
  }

  get(): Catalog {
    if (!this.current) throw new BarcatError('NOT_FOUND', 'no catalog is open; open or create one first');
    return this.current;
  }

  /**
   * Opens the catalog in `dir` (create: makes one there when it holds none); the old one closes.
   * `howToCreate` ends the refusal of a missing catalog (the app says "use New catalog", a host names its flag).
   */
  async switchTo(
    dir: string,
    create: boolean,
    howToCreate = 'use New catalog to create one',
  ): Promise<CatalogInfo> {
    await refuseWrongFolder(dir, create, howToCreate);
    const next = await this.open(dir, { create });
    const previous = this.current;
    // Before the swap: a failure (its jobs/ unreadable) leaves the old catalog open, nothing half switched.
    try {
      this.opened(next.dir);
    } catch (err) {
      if (next !== previous) await next.close();
      throw err;
    }
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

/**
 * Refuses what would open the wrong place (the catalog engine decides): a relative path (it would
 * land in the app's working folder), a file, and for Open a folder that is not a catalog (a
 * mistyped path must not become one). The refusal is a settings problem the renderer words.
 */
async function refuseWrongFolder(dir: string, create: boolean, howToCreate: string): Promise<void> {
  const v = await checkCatalogFolder(dir, create);
  if (v.ok) return;
  switch (v.reason) {
    case 'relative_path':
      throw refuse(
        { reason: 'relative-path', dir },
        `catalog folder ${dir} is a relative path; give an absolute path`,
      );
    case 'not_a_folder':
      throw refuse({ reason: 'not-a-folder', dir: v.file }, `${v.file} is a file, not a folder`);
    case 'no_such_folder':
      throw refuse(
        { reason: 'no-such-folder', dir },
        `there is no folder ${dir}; check the path, or ${howToCreate}`,
      );
    case 'not_a_catalog':
    case 'foreign_content':
      throw refuse(
        { reason: 'not-a-catalog', dir },
        `${dir} is not a Barcat catalog (it has no catalog.json); check the path, or ${howToCreate} there`,
      );
  }
}

function refuse(problem: SettingsProblem, message: string): BarcatError {
  return new BarcatError('BAD_INPUT', message, problem);
}

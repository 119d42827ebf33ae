import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { FolderCatalog } from '../../../src-main/engines/catalog/catalog';
import {
  allocTicks,
  openCatalog,
  type QuoteTicks,
  type TickBatch,
} from '../../../src-main/engines/catalog/index';
import type {
  TickImportRequest,
  TickImportSummary,
} from '../../../src-main/engines/import/ticks/tick-import';
import type { ErrorPolicy } from '../../../src-shared/domain/import';
import type { TickKey } from '../../../src-shared/domain/ticks';
import { closeAfterEach, type Opened } from '../../helpers/close-after';
import { runCliCaptured } from '../../helpers/run-cli';
import { tempDir } from '../catalog/helpers';

export interface TickWorkspace {
  dir: string;
  catalog: string;
  file: (name: string, lines: string[]) => string;
  cli: (args: string[]) => ReturnType<typeof runCliCaptured>;
  /** Writes the tick file `name` and imports it with `--ticks keep` (which must succeed); gives its path. */
  keepTicks: (name: string, lines: string[]) => Promise<string>;
  cleanup: () => void;
}

/** A temp folder with an empty catalog in `cat/`; `file` writes an input file beside it. */
async function tickWorkspace(): Promise<TickWorkspace> {
  const t = tempDir('barcat-tick-import-');
  const catalog = path.join(t.dir, 'cat');
  await (await openCatalog(catalog, { create: true })).close();
  const file = (name: string, lines: string[]) => {
    const f = path.join(t.dir, name);
    writeFileSync(f, `${lines.join('\n')}\n`);
    return f;
  };
  const cli = (args: string[]) => runCliCaptured([...args, '--catalog', catalog], { env: {}, cwd: t.dir });
  return {
    dir: t.dir,
    catalog,
    file,
    cli,
    keepTicks: async (name, lines) => {
      const f = file(name, lines);
      const r = await cli(['import', f, '--ticks', 'keep']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      return f;
    },
    cleanup: t.cleanup,
  };
}

/** Makes tickWorkspaces for the tests of a file or block: each is removed after its test. */
export function tickWorkspaces(): () => Promise<TickWorkspace> {
  const opened = closeAfterEach();
  return async () => opened(await tickWorkspace(), (ws) => ws.cleanup());
}

/** A new catalog in a temp folder (named from `prefix`), closed and removed after the test. */
export async function openedTempCatalog(
  opened: Opened,
  prefix: string,
): Promise<{ dir: string; cat: FolderCatalog }> {
  const t = opened(tempDir(prefix), (made) => made.cleanup());
  return { dir: t.dir, cat: opened(await openCatalog(t.dir, { create: true }), (c) => c.close()) };
}

/** The stored ticks of a series as rows: [ts µs, bid, ask, bidSize, askSize] or [ts, price, size, side, id]. */
export async function storedTicks(catalog: string, key: TickKey): Promise<number[][]> {
  const cat = await openCatalog(catalog);
  try {
    return tickRows(await cat.ticks.query(key));
  } finally {
    await cat.close();
  }
}

export function tickRows(b: TickBatch): number[][] {
  return Array.from({ length: b.length }, (_, i) =>
    b.kind === 'quotes'
      ? [b.ts[i]!, b.bid[i]!, b.ask[i]!, b.bidSize?.[i] ?? Number.NaN, b.askSize?.[i] ?? Number.NaN]
      : [b.ts[i]!, b.price[i]!, b.size[i]!, b.side?.[i] ?? 0, b.id?.[i] ?? Number.NaN],
  );
}

/** µs of a UTC date-time. */
export const us = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0, micro = 0) =>
  Date.UTC(y, mo - 1, d, h, mi, s, ms) * 1000 + micro;

/** A quote batch of [ts µs, bid, ask] rows. */
export function quotes(rows: [number, number, number][]): QuoteTicks {
  const b = allocTicks('quotes', rows.length) as QuoteTicks;
  rows.forEach(([t, bid, ask], i) => {
    b.ts[i] = t;
    b.bid[i] = bid;
    b.ask[i] = ask;
  });
  return b;
}

/** Dukascopy CSV lines (header first) without their size columns: quotes whose volume is the tick count. */
export function withoutSizes(lines: string[]): string[] {
  return lines.map((l, i) => (i === 0 ? 'Gmt time,Ask,Bid' : l.split(',').slice(0, 3).join(',')));
}

/** A merge import of quote files that keeps their ticks and writes 1m mid-price bars from them. */
export function quotesWithBars(paths: string[], onError: ErrorPolicy = 'reject'): TickImportRequest {
  return {
    paths,
    options: { ticks: 'both', price: 'mid', timeframe: '1m' },
    onError,
    mode: 'merge',
    force: false,
  };
}

/** A tick import of `file` cancelled: said so, and the catalog in `catalogDir` holds no ticks, no series, no staging. */
export async function expectCancelledUnwritten(
  r: TickImportSummary,
  file: string,
  catalog: Awaited<ReturnType<typeof openCatalog>>,
  catalogDir: string,
): Promise<void> {
  expect(r.files.map((f) => [f.status, f.message])).toEqual([
    ['cancelled', `${file}: import cancelled; nothing was written`],
  ]);
  await expectNothingLeft(catalog, catalogDir);
}

/** The catalog in `catalogDir` holds no ticks, no series and no staging: a failed or refused import left nothing. */
export async function expectNothingLeft(
  catalog: Awaited<ReturnType<typeof openCatalog>>,
  catalogDir: string,
): Promise<void> {
  expect(await catalog.ticks.list()).toEqual([]);
  expect(await catalog.listSeries()).toEqual([]);
  const staging = path.join(catalogDir, '.staging');
  expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
}

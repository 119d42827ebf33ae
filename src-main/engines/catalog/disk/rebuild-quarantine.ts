import type { QuarantineCode } from '../../../../src-shared/domain/job';
import { BarcatError } from '../../../plumbing/errors';
import type { MaintenanceHooks, RebuildReport } from '../types';
import { quarantineFile } from './quarantine';

// Shared by the bar and tick rebuilds; in disk/, not maintenance/, since maintenance/ imports ticks/ (a cycle).

/** Why a rebuild sets a file aside: the code the renderer words, the reason its .why.txt keeps. */
export interface SetAsideFound {
  code: QuarantineCode;
  reason: string;
}

/** A kind of manifest a rebuild reads: how it is read, where its file is, which series it reports. */
export interface ManifestKind<K, M> {
  read(root: string, key: K): Promise<M | undefined>;
  path(root: string, key: K): string;
  series(key: K): string;
}

/**
 * The readable manifest of `key` (undefined when there is none); an unreadable or invalid one (a
 * BarcatError) goes to .quarantine, kept and reported, and the answer is undefined. Other errors throw.
 */
export async function readOrQuarantine<K, M>(
  root: string,
  kind: ManifestKind<K, M>,
  key: K,
  report: RebuildReport,
  hooks: MaintenanceHooks,
): Promise<M | undefined> {
  try {
    return await kind.read(root, key);
  } catch (err) {
    if (!(err instanceof BarcatError)) throw err;
    const found = { code: 'bad-manifest', reason: err.message } as const;
    await quarantineReported(root, kind.series(key), kind.path(root, key), found, report, hooks);
    return undefined;
  }
}

/** Moves `file` of series `series` to .quarantine and tells the report and the hooks (with its period, when known). */
export async function quarantineReported(
  root: string,
  series: string,
  file: string,
  { code, reason }: SetAsideFound,
  report: RebuildReport,
  hooks: MaintenanceHooks,
  period?: string,
): Promise<void> {
  const movedTo = await quarantineFile(root, file, reason);
  report.quarantined.push({ file, reason });
  hooks.onQuarantined?.({
    series,
    file,
    movedTo,
    reason,
    lostRange: null,
    code,
    ...(period ? { period } : {}),
  });
}

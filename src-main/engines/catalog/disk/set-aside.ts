import type { QuarantineCode } from '../../../../src-shared/domain/job';
import { BarcatError } from '../../../plumbing/errors';
import type { MaintenanceHooks, RebuildReport } from '../types';
import { quarantineFile } from './quarantine';

/** Why a rebuild sets a file aside: the code the renderer words, the reason its .why.txt keeps. */
export interface SetAsideFound {
  code: QuarantineCode;
  reason: string;
}

/**
 * What `read` gives; when it fails with a BarcatError (unreadable, invalid), `file` goes to
 * .quarantine through `setAside` (kept, reported) and the answer is undefined. Other errors throw.
 */
export async function readOrQuarantine<T>(
  read: () => Promise<T>,
  file: string,
  setAside: (file: string, found: SetAsideFound) => Promise<void>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (!(err instanceof BarcatError)) throw err;
    await setAside(file, { code: 'bad-manifest', reason: err.message });
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
  report.quarantined?.push({ file, reason });
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

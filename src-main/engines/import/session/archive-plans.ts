import type {
  ImportFileResult,
  ImportOverrides,
  ImportPreview,
  ImportRequest,
  ImportSummary,
} from '../../../../src-shared/domain/import';
import { BarcatError } from '../../../plumbing/errors';
import type { Catalog } from '../../catalog/index';
import { relabelResult } from '../files/member-label';
import { removeUnzipped } from '../files/zip-archive';
import { type ArchiveMember, previewMember, unpackMembers } from './archive-members';
import { emptyResult } from './file-import';
import { overallStatus, type RunOptions, runImport } from './run';

/** One CSV member of an archive with the plan its preview made, as the app shows it on its own card. */
export interface MemberPlan {
  member: ArchiveMember;
  preview: ImportPreview;
}

/**
 * Unpacks a zip archive (null when the file is not one) and previews each CSV member with the
 * overrides, so each member gets its own series and plan; `use` sees them before the unpacked
 * members are removed.
 */
export async function withMemberPlans<T>(
  zip: string,
  overrides: ImportOverrides,
  use: (plans: MemberPlan[]) => Promise<T>,
  signal?: AbortSignal,
): Promise<T | null> {
  const un = await unpackMembers(zip, { signal });
  if (!un) return null;
  try {
    const plans: MemberPlan[] = [];
    for (const member of un.members) plans.push({ member, preview: await previewMember(member, overrides) });
    return await use(plans);
  } finally {
    await removeUnzipped(un.dir);
  }
}

/** Summaries of several sessions (and members refused before any) as one: files in order, counts added. */
export function mergeSummaries(parts: ImportSummary[], refused: ImportFileResult[] = []): ImportSummary {
  const sum = (k: 'rowsRead' | 'rowsWritten' | 'rowsSkipped' | 'rowsInvalid' | 'bytes' | 'ms') =>
    parts.reduce((a, s) => a + s[k], 0);
  const files = [...refused, ...parts.flatMap((s) => s.files)];
  return {
    sessionId: parts.map((s) => s.sessionId).join(', '),
    status: overallStatus(
      files,
      parts.some((s) => s.status === 'cancelled'),
    ),
    dryRun: parts.some((s) => s.dryRun),
    files,
    rowsRead: sum('rowsRead'),
    rowsWritten: sum('rowsWritten'),
    rowsSkipped: sum('rowsSkipped'),
    rowsInvalid: sum('rowsInvalid'),
    bytes: sum('bytes'),
    ms: sum('ms'),
    auditFile: parts.map((s) => s.auditFile).find((a) => a !== null) ?? null,
  };
}

/**
 * Imports each CSV member of an archive with exactly the plan its preview made (members that share
 * a plan share one session), naming every result by the member's label. A member whose preview
 * failed is reported failed; nothing is re-detected at run time.
 */
export async function importMemberPlans(
  catalog: Catalog,
  plans: MemberPlan[],
  req: Omit<ImportRequest, 'paths' | 'overrides'>,
  opts: RunOptions = {},
): Promise<ImportSummary> {
  const groups = new Map<string, { plan: ImportOverrides; members: ArchiveMember[] }>();
  const parts: ImportSummary[] = [];
  const refused: ImportFileResult[] = [];
  for (const p of plans) {
    if (!p.preview.ok) {
      // Refused as the app's card is: the other members still import.
      refused.push({
        ...emptyResult(p.member.label, 0),
        message: `${p.member.label}: ${p.preview.reason ?? 'cannot be read as bars'}`,
      });
      continue;
    }
    const key = JSON.stringify(p.preview.plan);
    const g = groups.get(key) ?? { plan: p.preview.plan, members: [] };
    g.members.push(p.member);
    groups.set(key, g);
  }
  for (const g of groups.values()) {
    if (opts.signal?.aborted) break;
    const s = await runImport(
      catalog,
      { ...req, paths: g.members.map((m) => m.file), overrides: g.plan },
      opts,
    );
    const labelOf = new Map(g.members.map((m) => [m.file, m.label]));
    parts.push({
      ...s,
      files: s.files.map((r) => {
        const label = labelOf.get(r.file);
        return label ? relabelResult(r, r.file, label) : r;
      }),
    });
  }
  return mergeSummaries(parts, refused);
}

/**
 * `barcat import ARCHIVE`: each CSV member previewed and imported with its own plan, as the app's
 * cards are. Null when the file is not a zip archive; an archive that cannot be unpacked (bad
 * checksum, too large, no CSV) is one failed file naming why.
 */
export async function importArchive(
  catalog: Catalog,
  zip: string,
  req: Omit<ImportRequest, 'paths' | 'overrides'> & { overrides?: ImportOverrides },
  opts: RunOptions = {},
): Promise<ImportSummary | null> {
  const { overrides = {}, ...rest } = req;
  try {
    return await withMemberPlans(
      zip,
      overrides,
      (plans) => importMemberPlans(catalog, plans, rest, opts),
      opts.signal,
    );
  } catch (err) {
    if (!(err instanceof BarcatError) || err.code !== 'BAD_INPUT') throw err;
    return mergeSummaries([], [{ ...emptyResult(zip, 0), message: err.message }]);
  }
}

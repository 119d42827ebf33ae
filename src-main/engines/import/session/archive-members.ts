import type { ImportOverrides, ImportPreview } from '../../../../src-shared/domain/import';
import { previewImport } from '../detect/preview';
import { memberLabel, relabelProblems } from '../files/member-label';
import { isZipArchive, unzipArchive } from '../files/zip-archive';
import { checkRegularFile } from '../read/read-file';

/** One CSV member of an unpacked archive: its name inside, its unpacked file, the name shown for it. */
export interface ArchiveMember {
  name: string;
  file: string;
  label: string;
}

export interface UnpackedMembers {
  /** Temporary folder of the members; removeUnzipped deletes it. */
  dir: string;
  /** The archive's sha256 when unpacked: a start compares it with the preview's. */
  sha256: string;
  members: ArchiveMember[];
}

/**
 * Unpacks a zip archive's CSV members, or only those named in `only` (null when the file is not a
 * zip), so each is previewed or imported alone.
 */
export async function unpackMembers(
  zip: string,
  opts: { signal?: AbortSignal; only?: ReadonlySet<string> } = {},
): Promise<UnpackedMembers | null> {
  await checkRegularFile(zip);
  if (!(await isZipArchive(zip))) return null;
  const un = await unzipArchive(zip, opts);
  return {
    dir: un.dir,
    sha256: un.sha256,
    members: un.members.map((m) => ({ name: m.name, file: m.file, label: memberLabel(zip, m.name) })),
  };
}

/** The preview of one unpacked member, naming it by its label, never by its temporary path. */
export async function previewMember(m: ArchiveMember, overrides: ImportOverrides): Promise<ImportPreview> {
  const pv = await previewImport(m.file, overrides);
  return { ...pv, file: m.label, issues: relabelProblems(pv.issues, m.file, m.label) };
}

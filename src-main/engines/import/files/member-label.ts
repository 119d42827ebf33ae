import path from 'node:path';
import type { ImportFileResult, ImportProblem } from '../../../../src-shared/domain/import';

/** How an archive member is named to the user: the archive's own path, then the member's name. */
export function memberLabel(zip: string, member: string): string {
  return `${zip} › ${path.posix.basename(member)}`;
}

/**
 * Puts `label` where a text names the member's temporary file (`…/barcat-unzip-X/0/A.zip/A.csv`)
 * by its full path, or by its base name at the start (`A.csv: …`).
 */
export function relabelText(text: string, file: string, label: string): string {
  const swapped = text.split(file).join(label);
  const base = path.basename(file);
  return swapped.startsWith(`${base}:`) || swapped.startsWith(`${base} `)
    ? `${path.basename(label)}${swapped.slice(base.length)}`
    : swapped;
}

export function relabelProblems(problems: ImportProblem[], file: string, label: string): ImportProblem[] {
  return problems.map((p) => ({ ...p, file: label, message: relabelText(p.message, file, label) }));
}

/** A result of an unpacked member named by its label, never by its temporary path. */
export function relabelResult(r: ImportFileResult, file: string, label: string): ImportFileResult {
  return {
    ...r,
    file: label,
    message: r.message === null ? null : relabelText(r.message, file, label),
    problems: relabelProblems(r.problems, file, label),
  };
}

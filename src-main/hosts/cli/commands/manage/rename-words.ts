import type { RenameReport } from '../../../../engines/quality/rename';

/** What followed a renamed series, a line each (nothing when nothing did): what `barcat rename` prints. */
export function renameFollowLines(r: Omit<RenameReport, 'to'>): string {
  const lines: string[] = [];
  if (r.relabeled)
    lines.push(
      `wrote its ${r.relabeled.bars} bars under the new label; the old series is in the trash as ${r.relabeled.trashId} ("barcat trash restore ${r.relabeled.trashId}" takes the change back once the new one is deleted)`,
    );
  if (r.schedulesMoved.length)
    lines.push(`moved ${r.schedulesMoved.length} schedule(s) to it: ${r.schedulesMoved.join(', ')}`);
  if (r.healthSettingsMoved) lines.push('moved its health settings to it');
  if (r.groupsLeft.length)
    lines.push(`no longer in group(s) ${r.groupsLeft.join(', ')} (their filters do not match the new name)`);
  if (r.groupsJoined.length) lines.push(`now in group(s) ${r.groupsJoined.join(', ')}`);
  return lines.map((l) => `${l}\n`).join('');
}

// The CSV import engine's public surface (API first; the CLI and the desktop dialog sit on it).

export { previewImport } from './detect/preview';
export { relabelResult } from './files/member-label';
export { REGISTRY_FILE } from './files/registry';
export { isZipArchive, removeUnzipped } from './files/zip-archive';
// mapByName, RowScanner and ZoneConverter: the database import maps column names, scans numbers and reads naive times as the CSV import does.
export { mapByName } from './parse/columns';
export { RowScanner } from './parse/fast-row';
export { isImportZone, ZoneConverter } from './parse/zone';
export { PRESETS } from './read/presets';
export { type FileRead, readFileBars } from './read/read-file';
export { closeImportWorkers, warmImportWorkers } from './readers';
export {
  type ArchiveMember,
  previewMember,
  type UnpackedMembers,
  unpackMembers,
} from './session/archive-members';
export { importArchive, mergeSummaries, withMemberPlans } from './session/archive-plans';
export { type AuditRecord, listAudit, markAbandonedSessions } from './session/audit';
export { earlierImport } from './session/prior-import';
export { type RunOptions, runImport } from './session/run';
// Tick files: their plan (what the preview shows runs verbatim), first ticks, and the import.
export { checkTickOptions, runTickImport, type TickFileResult, tickPlanOf } from './ticks/tick-import';
export { firstTicks, type SampleTick, sampleColumns } from './ticks/tick-sample';

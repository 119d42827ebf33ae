// The CSV import engine's public surface (API first; the CLI and the desktop dialog sit on it).

export { PRESETS } from './detect/presets';
export { previewImport } from './detect/preview';
// mapByName and ZoneConverter: the database import maps column names and naive times as the CSV import does.
export { mapByName } from './parse/columns';
export { type FileRead, readFileBars } from './parse/read-file';
export { closeImportWorkers, warmImportWorkers } from './parse/readers';
export { isZipArchive, removeUnzipped } from './parse/zip-archive';
export { isImportZone, ZoneConverter } from './parse/zone';
export {
  type ArchiveMember,
  previewMember,
  type UnpackedMembers,
  unpackMembers,
} from './session/archive-members';
export { importArchive, mergeSummaries, withMemberPlans } from './session/archive-plans';
export { type AuditRecord, listAudit, markAbandonedSessions } from './session/audit';
export { relabelResult } from './session/member-label';
export { earlierImport } from './session/prior-import';
export { REGISTRY_FILE } from './session/registry';
export { type RunOptions, runImport } from './session/run';
// Tick files: their plan (what the preview shows runs verbatim), first ticks, and the import.
export { checkTickOptions, runTickImport, type TickFileResult, tickPlanOf } from './ticks/tick-import';
export { firstTicks, type SampleTick, sampleColumns } from './ticks/tick-sample';

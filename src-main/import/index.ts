// The CSV import engine's public surface (API first; the CLI and the desktop dialog sit on it).
export { type AuditRecord, listAudit, markAbandonedSessions } from './audit';
export { PRESETS } from './presets';
export { previewImport } from './preview';
export { earlierImport } from './prior-import';
export { type FileRead, readFileBars } from './read-file';
export { closeImportWorkers, warmImportWorkers } from './readers';
export { REGISTRY_FILE } from './registry';
export { type RunOptions, runImport } from './run';
export { isImportZone } from './zone';

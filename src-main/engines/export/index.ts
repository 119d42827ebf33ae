// The export engine's public surface: series out of the catalog in vendor formats and Parquet.

export { refuseInsideCatalog } from './lake/out-folder';
export { EXPORT_FORMATS, type ExportFormat } from './layouts';
export { type ExportedFile, type ExportHooks, type ExportRequest, exportSeries } from './run';

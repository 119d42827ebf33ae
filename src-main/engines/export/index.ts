// The export engine's public surface: series out of the catalog in vendor formats and Parquet.
export { EXPORT_FORMATS, type ExportFormat } from './layouts';
export { type ExportedFile, type ExportRequest, exportSeries } from './run';

// What code run in worker threads imports to read bars (the quality workers: engines/quality/check-piece.ts).
// A lean door beside index.ts: it loads the read path alone, not the catalog's writers, history,
// ticks and maintenance (a quality worker then starts in a fraction of the time); kept apart from
// worker-handlers.ts so the decode and encode workers still load no schema code (zod).
// readBatch: bars decoded straight into columns, no cache.
export { readBatch } from './read/batch-read';

import { type SeriesKey, seriesId } from '../../../../src-shared/domain/series';
import { BarcatError } from '../../../plumbing/errors';
import {
  appendOp,
  arrowToBatch,
  batchToBars,
  type Catalog,
  checkKey,
  type UndoReport,
} from '../../catalog/index';
import { type QualityReport, type RefreshOptions, refreshQuality } from '../engine';
import { EMPTY_CONFIG, type QualityConfig } from '../settings';
import { type FindingView, readFixes, viewFindings, writeFixes } from './records';

/** A series' findings with ids and review status, freshly recomputed: what every fix returns. */
export interface QualityState {
  report: QualityReport;
  findings: FindingView[];
  open: number;
}

export async function qualityState(
  catalog: Catalog,
  key: SeriesKey,
  config: QualityConfig = EMPTY_CONFIG,
  refresh: RefreshOptions = {},
): Promise<QualityState> {
  const report = await refreshQuality(catalog, key, config, refresh);
  const findings = viewFindings(report.findings, await readFixes(catalog.dir, key, report.series));
  return { report, findings, open: findings.filter((f) => f.status === 'open').length };
}

export async function findOpen(catalog: Catalog, key: SeriesKey, id: string, config: QualityConfig) {
  const state = await qualityState(catalog, key, config);
  const f = state.findings.find((x) => x.id === id);
  if (!f)
    throw new BarcatError(
      'NOT_FOUND',
      `series ${seriesId(key)} has no quality finding ${id} (any more); run "barcat quality ${seriesId(key)}" for the current ones`,
      { reason: 'no_such_finding', series: seriesId(key), findingId: id },
    );
  return f;
}

function writable<T>(fn: T | undefined): T {
  if (!fn) throw new BarcatError('USAGE', 'this catalog is read-only');
  return fn;
}

/** Marks a finding reviewed (kept as it is, with a note): it stays listed, as reviewed, and is no longer open. */
export async function reviewFinding(
  catalog: Catalog,
  key: SeriesKey,
  id: string,
  note: string,
  by: string,
  config: QualityConfig = EMPTY_CONFIG,
): Promise<QualityState> {
  const k = checkKey(key);
  const f = await findOpen(catalog, k, id, config);
  const records = await readFixes(catalog.dir, k, seriesId(k));
  const review = { id, check: f.check, from: f.from, to: f.to, note, at: Date.now() };
  await writeFixes(catalog.dir, k, {
    ...records,
    reviews: [...records.reviews.filter((r) => r.id !== id), review],
  });
  await appendOp(catalog.dir, { op: 'quality-review', by, series: seriesId(k), ...review });
  return qualityState(catalog, k, config);
}

/** Takes a review back: the finding is open again. */
export async function unreviewFinding(
  catalog: Catalog,
  key: SeriesKey,
  id: string,
  by: string,
  config: QualityConfig = EMPTY_CONFIG,
): Promise<QualityState> {
  const k = checkKey(key);
  const records = await readFixes(catalog.dir, k, seriesId(k));
  if (!records.reviews.some((r) => r.id === id))
    throw new BarcatError('NOT_FOUND', `quality finding ${id} of ${seriesId(k)} is not marked reviewed`, {
      reason: 'not_reviewed',
      findingId: id,
    });
  await writeFixes(catalog.dir, k, { ...records, reviews: records.reviews.filter((r) => r.id !== id) });
  await appendOp(catalog.dir, { op: 'quality-unreview', by, series: seriesId(k), findingId: id });
  return qualityState(catalog, k, config);
}

/**
 * Drops the bars of a finding as one catalog write (undo brings them back) and keeps them, with the
 * reason, in the series' quarantine record; the results are recomputed after it.
 */
export async function dropFinding(
  catalog: Catalog,
  key: SeriesKey,
  id: string,
  reason: string,
  by: string,
  config: QualityConfig = EMPTY_CONFIG,
): Promise<QualityState & { dropped: number }> {
  const k = checkKey(key);
  const f = await findOpen(catalog, k, id, config);
  const table = await catalog.query(k, { from: f.from, to: f.to });
  const times = Array.from(arrowToBatch(table).ts);
  const { result, dropped, generation } = await writable(catalog.dropBars?.bind(catalog))(k, times, {
    source: `quality-drop:${id}`,
  });
  // Nothing dropped (the bars went meanwhile): no write to record, nothing for undo to tie to it.
  if (generation === null) return { ...(await qualityState(catalog, k, config)), dropped: 0 };
  const records = await readFixes(catalog.dir, k, seriesId(k));
  const entry = {
    id,
    check: f.check,
    from: f.from,
    to: f.to,
    reason,
    generation,
    at: Date.now(),
    bars: batchToBars(dropped),
  };
  await writeFixes(catalog.dir, k, { ...records, dropped: [...records.dropped, entry] });
  await appendOp(catalog.dir, {
    op: 'quality-drop',
    by,
    series: seriesId(k),
    findingId: id,
    check: f.check,
    reason,
    generation,
    barsRemoved: result.removed,
    times,
  });
  return { ...(await qualityState(catalog, k, config)), dropped: result.removed };
}

/**
 * Undo as the app and the CLI run it: the catalog takes back the last write, the quarantine records
 * of drops it took back go, and the quality results are recomputed.
 */
export async function undoWithFixes(
  catalog: Catalog,
  key: SeriesKey,
  by: string,
): Promise<{ undo: UndoReport; quality: QualityState }> {
  const k = checkKey(key);
  const undo = await writable(catalog.undo?.bind(catalog))(k, { source: by });
  const records = await readFixes(catalog.dir, k, seriesId(k));
  const kept = records.dropped.filter((d) => !undo.undone.includes(d.generation));
  if (kept.length !== records.dropped.length) await writeFixes(catalog.dir, k, { ...records, dropped: kept });
  return { undo, quality: await qualityState(catalog, k) };
}

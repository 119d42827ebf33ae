import path from 'node:path';
import {
  BAR_FIELDS,
  type ImportPreview,
  type ImportProgress,
  type ImportSummary,
} from '../../../src-shared/domain/import';
import { isDailyOrLonger, isTimeframe } from '../../../src-shared/domain/timeframe';
import { MAPPING_WORDS, triedText } from '../../engines/import/read/mapping-fallback';

function iso(ms: number | null, daily: boolean): string {
  if (ms === null) return '-';
  const s = new Date(ms).toISOString();
  if (daily) return s.slice(0, 10);
  return s.endsWith(':00.000Z') ? s.slice(0, 16).replace('T', ' ') : s.slice(0, 23).replace('T', ' ');
}

const isDaily = (tf: string | null | undefined) => !!tf && isTimeframe(tf) && isDailyOrLonger(tf);

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r
        .map((cell, c) => cell.padEnd(widths[c] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** The summary table: file, series, rows read / written (added, replaced, removed) / skipped / invalid, first/last bar, bytes, time. */
export function formatSummary(s: ImportSummary): string {
  const rows = [
    [
      'file',
      'status',
      'series',
      'read',
      'written',
      'added',
      'replaced',
      'removed',
      'skipped',
      'invalid',
      'first',
      'last',
      'bytes',
      'time',
    ],
  ];
  for (const f of s.files)
    rows.push([
      path.basename(f.file),
      f.status,
      f.series ?? '-',
      String(f.rowsRead),
      String(f.rowsWritten),
      String(f.rowsAdded),
      String(f.rowsReplaced),
      String(f.rowsRemoved),
      String(f.rowsSkipped),
      String(f.rowsInvalid),
      iso(f.firstBar, isDaily(f.series?.split(':')[2])),
      iso(f.lastBar, isDaily(f.series?.split(':')[2])),
      String(f.bytes),
      `${(f.ms / 1000).toFixed(2)}s`,
    ]);
  const lines = [table(rows)];
  for (const f of s.files) {
    if (f.message) lines.push(`${f.status}: ${f.message}`);
    const errs = f.problems.filter((p) => p.severity === 'error');
    if (f.status === 'rejected' || (f.status !== 'failed' && errs.length > 0)) {
      for (const p of errs.slice(0, 10)) lines.push(`  ${p.message}`);
      const total = Object.values(f.problemCounts).reduce((a, b) => a + b, 0);
      if (total > 10)
        lines.push(
          `  ... per rule: ${Object.entries(f.problemCounts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        );
    }
  }
  lines.push(
    `session ${s.sessionId}: ${s.status}; ${s.rowsWritten} rows written (${writtenParts(s.files)}), ${s.rowsSkipped} skipped, ${s.rowsInvalid} invalid in ${(s.ms / 1000).toFixed(2)}s${s.auditFile ? `; audit ${s.auditFile}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}

/** Why the importer left the detected mapping, or that no other one passes, in words. */
function fallbackText(f: NonNullable<ImportPreview['mappingFallback']>): string {
  const detected = f.tried.find((t) => t.kind === 'detected');
  const head = `only ${detected?.validRows ?? 0} of ${f.of} sampled rows pass the bar rules under the detected mapping`;
  if (!f.chosen) return `${head}; no other mapping passes either (tried ${triedText(f, ['detected'])})`;
  const chosen = f.tried.find((t) => t.kind === f.chosen);
  const split = f.chosen === 'by_position' && chosen?.mapping.time !== undefined;
  const others = triedText(f, ['detected', f.chosen]);
  return `${head}; using ${MAPPING_WORDS[f.chosen]}${split ? ', date and time in separate columns' : ''}, under which ${f.validRows} of ${f.of} pass${others ? ` (also tried ${others})` : ''}`;
}

/** Bars added, replaced and removed over the files: an overwrite's removals are never silent. */
export function writtenParts(files: ImportSummary['files']): string {
  const sum = (k: 'rowsAdded' | 'rowsReplaced' | 'rowsRemoved') => files.reduce((a, f) => a + f[k], 0);
  return `${sum('rowsAdded')} added, ${sum('rowsReplaced')} replaced, ${sum('rowsRemoved')} removed`;
}

export function formatPreview(p: ImportPreview): string {
  const m = BAR_FIELDS.filter((k) => p.mapping[k] !== undefined)
    .map((k) => [k, p.mapping[k]] as const)
    .map(([k, v]) => `${k}=${p.columns[v as number] ?? `#${(v as number) + 1}`}`);
  const src = p.series.sources;
  const lines = [
    `${p.file} (${p.bytes} bytes)`,
    `  format    delimiter ${JSON.stringify(p.format.delimiter)}, ${p.format.hasHeader ? 'header' : 'no header'}${p.format.skipLines ? `, ${p.format.skipLines} banner line(s)` : ''}${p.format.bom ? ', BOM' : ''}${p.format.decimalComma ? ', decimal comma' : ''}; timestamps ${p.format.timestampFormat}; preset ${p.format.preset ?? 'none'}`,
    `  mapping   ${m.join(' ')} (confidence ${p.confidence})${p.ignoredColumns.length ? `; ignored: ${p.ignoredColumns.join(', ')}` : ''}`,
    ...(p.mappingFallback ? [`  fallback  ${fallbackText(p.mappingFallback)}`] : []),
    `  zone      ${p.tz} (${p.tzSource})${p.endStamped ? '; bars end-stamped, shifted to open time' : ''}${p.dateOrderAmbiguous ? '; DATE ORDER AMBIGUOUS: pass --date-order DMY or MDY' : ''}`,
    `  series    ${p.series.venue ?? '?'} (${src.venue ?? '-'}) : ${p.series.symbol ?? '?'} (${src.symbol ?? '-'}) : ${p.series.timeframe ?? '?'} (${src.timeframe ?? '-'})${p.series.conflicts.length ? `; CONFLICT: ${p.series.conflicts.join('; ')}` : ''}`,
  ];
  if (p.span)
    lines.push(
      `  span      ${iso(p.span.from, isDaily(p.series.timeframe))} to ${iso(p.span.to, isDaily(p.series.timeframe))} (whole file, end excluded); calendar ${p.calendar} (${p.calendarSource})`,
    );
  if (p.rows.length) {
    lines.push('  first rows as stored:');
    for (const r of p.rows.slice(0, 5))
      lines.push(
        `    ${iso(r.ts, isDaily(p.series.timeframe))}  o ${r.open} h ${r.high} l ${r.low} c ${r.close} v ${r.volume}`,
      );
  }
  for (const i of p.issues.slice(0, 10)) lines.push(`  ${i.severity}: ${i.message}`);
  return `${lines.join('\n')}\n`;
}

/** One progress bar line for a terminal (rewritten in place with \r). */
export function formatProgress(p: ImportProgress): string {
  const frac = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 0;
  const width = 24;
  const filled = Math.round(frac * width);
  const eta = p.etaMs === null ? '' : ` eta ${Math.ceil(p.etaMs / 1000)}s`;
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${p.rows} rows ${p.rowsPerSec}/s${eta} file ${p.fileIndex + 1}/${p.files}  `;
}

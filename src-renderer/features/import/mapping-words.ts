import type { ColumnMapping, MappingFallback, MappingKind } from '../../../src-shared/domain/import';

/** A column layout in the dialog's words; by position says whether date and time are separate columns. */
function layoutWords(kind: MappingKind, mapping: ColumnMapping, hasHeader: boolean): string {
  switch (kind) {
    case 'detected':
      return hasHeader ? 'the columns as the header names them' : 'the columns as detected';
    case 'shifted_right':
      return 'the columns shifted right by one (a leading column the header lacks)';
    case 'shifted_left':
      return 'the columns shifted left by one';
    case 'prices_reordered':
      return 'the price columns in another order';
    case 'by_position':
      return `the columns by position (${mapping.time === undefined ? 'time' : 'date, time'} first, then open, high, low, close, volume)`;
  }
}

/**
 * Why the importer left the detected column layout (or that none passes), for the file card.
 * Main sends only the kinds and counts; `hasHeader` tells how the detected layout was found.
 */
export function mappingFallbackNotice(f: MappingFallback, hasHeader: boolean): string {
  const tried = (skip: MappingKind | null) =>
    f.tried
      .filter((t) => t.kind !== skip)
      .map((t) => `${layoutWords(t.kind, t.mapping, hasHeader)} (${t.validRows} of ${f.of})`)
      .join('; ');
  if (f.chosen === null)
    return `No column layout made the rows valid: tried ${tried(null)}. Check the header and the column order, or set the columns below.`;
  const chosen = f.tried.find((t) => t.kind === f.chosen);
  return `Most rows failed with ${layoutWords('detected', {}, hasHeader)}; using ${layoutWords(f.chosen, chosen?.mapping ?? {}, hasHeader)} instead (${f.validRows} of ${f.of} sample rows pass). Tried: ${tried(f.chosen)}.`;
}

import type { BrokenSeries } from '../../../../src-shared/domain/series-views/availability';

/** Fixed-width text table for people; numbers right-aligned. */
export function textTable(header: string[], rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map(String));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]!.length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...cells.map(line)].join('\n')}\n`;
}

export function isoTime(ts: number | null): string {
  if (ts === null) return '-';
  return new Date(ts).toISOString().replace('.000Z', 'Z');
}

export function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}

/** One warning line for a series the listing left out: id, what is wrong and what to do. */
export function brokenLine(b: BrokenSeries): string {
  if (b.reason === 'unreadable_manifest')
    return `${b.id} left out: its manifest ${b.file} is unreadable; run "barcat rebuild"`;
  if (b.reason === 'out_of_range')
    return `${b.id} left out: ${b.detail} (first ${isoTime(b.first ?? null)}, last ${isoTime(b.last ?? null)}); remove or rewrite those bars, or set BARCAT_YEARS`;
  return `${b.id} left out: ${b.detail}`;
}

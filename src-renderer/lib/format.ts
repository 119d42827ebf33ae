// The app and the CLI word durations alike.
export { formatDuration } from '../../src-shared/domain/series-views/health';

const pad = (n: number) => String(n).padStart(2, '0');

/** UTC timestamp as `2024-11-01 13:00` (seconds only when they are not zero). */
export function formatTs(ms: number | null | undefined, withTime = true, withSeconds = true): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (!withTime) return date;
  const s = withSeconds ? d.getUTCSeconds() : 0;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}${s ? `:${pad(s)}` : ''}`;
}

export function formatRange(from: number, to: number): string {
  return `${formatTs(from)} → ${formatTs(to)}`;
}

const INT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export function formatInt(n: number | null | undefined): string {
  return n === null || n === undefined ? '—' : INT.format(n);
}

export function formatPct(n: number): string {
  if (n >= 99.995 && n < 100) return '99.99%';
  return `${n.toFixed(n === 100 || n === 0 ? 0 : 2)}%`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatRate(perSec: number | null, unit: string): string {
  if (perSec === null || !Number.isFinite(perSec)) return '—';
  if (perSec >= 1e6) return `${(perSec / 1e6).toFixed(1)}M ${unit}/s`;
  if (perSec >= 1e3) return `${(perSec / 1e3).toFixed(1)}k ${unit}/s`;
  return `${perSec.toFixed(perSec < 10 ? 1 : 0)} ${unit}/s`;
}

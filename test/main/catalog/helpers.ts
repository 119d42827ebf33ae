import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Bar } from '../../../src-shared/domain/bar';
import { MINUTE } from '../../../src-shared/domain/timeframe';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** A fresh temp folder; the returned cleanup removes it. */
export function tempDir(prefix = 'barcat-cat-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** n consecutive 1m bars from `start`; prices derived from the index so rows are recognizable. */
export function minuteBars(start: number, n: number, base = 100, step = MINUTE): Bar[] {
  return Array.from({ length: n }, (_, i) => {
    const p = base + i / 100;
    return { ts: start + i * step, open: p, high: p + 0.5, low: p - 0.5, close: p + 0.25, volume: 1000 + i };
  });
}

export const T0 = Date.UTC(2024, 0, 31, 23, 0); // one hour before a month boundary

export const CLI = path.join(repoRoot, 'out/node/barcat.js');

/** Canonical CSV of bars (ts as epoch ms). */
export function barsCsv(bars: Bar[]): string {
  const lines = bars.map((b) => `${b.ts},${b.open},${b.high},${b.low},${b.close},${b.volume}`);
  return `ts,open,high,low,close,volume\n${lines.join('\n')}\n`;
}

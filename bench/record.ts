import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const RESULTS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json');

export type Figures = Record<string, number | string | boolean | null>;

/** Prints a bench's figures and merges them into bench/results.json under its name. */
export function recordBench(name: string, figures: Figures): void {
  const all: Record<string, unknown> = existsSync(RESULTS) ? JSON.parse(readFileSync(RESULTS, 'utf8')) : {};
  all[name] = { ...figures, measuredAt: new Date().toISOString() };
  writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
  console.log(`\n[${name}]`);
  for (const [k, v] of Object.entries(figures)) console.log(`  ${k.padEnd(40)} ${v}`);
}

export function peakRssMb(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Milliseconds since `start` (a performance.now() reading), to one decimal. */
export function ms(start: number): number {
  return Math.round((performance.now() - start) * 10) / 10;
}

/** The middle of the runs, so one slow run on a shared machine does not set the figure. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

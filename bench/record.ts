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

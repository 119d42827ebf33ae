import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

/** Peak RSS, cores and load: the machine may be shared, and a load above its core count slows every wall figure. */
export function machineFigures(): Figures {
  return {
    peakRssMb: peakRssMb(),
    cores: os.availableParallelism(),
    loadAverage1m: Math.round(os.loadavg()[0]! * 100) / 100,
  };
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

/** Wall ms and CPU ms (user + system of every thread of this process, so waiting for a core is not counted) of fn. */
export async function timed<T>(fn: () => Promise<T> | T): Promise<{ wall: number; cpu: number; value: T }> {
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  const value = await fn();
  const wall = ms(start);
  const c = process.cpuUsage(cpu0);
  return { wall, cpu: Math.round((c.user + c.system) / 100) / 10, value };
}

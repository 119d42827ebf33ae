import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import { sha256Hex } from '../../../plumbing/sha256';
import { arrowLib, loadParquetLibs, parquetLib } from '../../catalog/index';
import { type LakeManifest, MANIFEST_FILE, ManifestSchema, sealOf } from './manifest';
import { COVERAGE_COLUMNS } from './sinks';

export interface VerifyResult {
  /** One line per difference, each naming its file; empty when the export is as sealed. */
  problems: string[];
  files: number;
  rows: number;
  events: number;
  seal: string | null;
}

// A broken export can differ in a million rows: the first ones name the problem, the rest are counted.
const MAX_ROW_PROBLEMS = 20;

async function filesUnder(root: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(path.join(root, rel), { withFileTypes: true })) {
    const p = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesUnder(root, p)));
    else out.push(p);
  }
  return out;
}

async function readManifestFile(dir: string): Promise<LakeManifest | string> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, MANIFEST_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      return `${MANIFEST_FILE}: missing; ${dir} is not a finished Barcat export`;
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return `${MANIFEST_FILE}: not valid JSON (${(err as Error).message})`;
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success)
    return `${MANIFEST_FILE}: not a Barcat lake manifest (${parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.')}: ${i.message}`)
      .join('; ')})`;
  return parsed.data;
}

function readTable(bytes: Uint8Array, columns: string[]): Table {
  return arrowLib().tableFromIPC(parquetLib().readParquet(bytes, { columns }).intoIPCStream());
}

/**
 * Checks an export against its manifest: the seal over the manifest body, every file's bytes
 * (sha256), files the manifest does not list, and the coverage table against the bars files.
 */
export async function verifyExport(dir: string): Promise<VerifyResult> {
  const manifest = await readManifestFile(dir);
  if (typeof manifest === 'string') return { problems: [manifest], files: 0, rows: 0, events: 0, seal: null };
  const { seal, ...body } = manifest;
  const problems: string[] = [];
  if (sealOf(body) !== seal)
    problems.push(
      `${MANIFEST_FILE}: the seal does not match the manifest's contents (the manifest was changed after it was sealed)`,
    );
  const onDisk = new Set(await filesUnder(dir));
  onDisk.delete(MANIFEST_FILE);
  const intact = new Map<string, Uint8Array>();
  for (const f of manifest.files) {
    if (!onDisk.delete(f.path)) {
      problems.push(`${f.path}: missing`);
      continue;
    }
    const bytes = await fs.readFile(path.join(dir, ...f.path.split('/')));
    const sha = sha256Hex(bytes);
    if (sha !== f.sha256 || bytes.length !== f.bytes)
      problems.push(
        `${f.path}: differs from the manifest (${bytes.length} bytes, sha256 ${sha}; the manifest says ${f.bytes} bytes, sha256 ${f.sha256})`,
      );
    else intact.set(f.path, bytes);
  }
  for (const extra of [...onDisk].sort()) problems.push(`${extra}: not listed in the manifest`);
  // Rows and coverage are checked only when every file is as sealed: a changed file was named above.
  if (problems.length === 0) await checkCoverage(manifest, intact, problems);
  return {
    problems,
    files: manifest.files.length + 1,
    rows: manifest.totals.rows,
    events: manifest.totals.events,
    seal,
  };
}

async function checkCoverage(manifest: LakeManifest, bytesOf: Map<string, Uint8Array>, problems: string[]) {
  await loadParquetLibs();
  const counted = new Map<string, number>();
  let more = 0;
  const report = (line: string) => {
    if (problems.length < MAX_ROW_PROBLEMS) problems.push(line);
    else more++;
  };
  for (const f of manifest.files.filter((x) => x.path.startsWith('bars/'))) {
    const events = readTable(bytesOf.get(f.path)!, ['event']).getChild('event')!;
    if (events.length !== f.rows) report(`${f.path}: ${events.length} rows, the manifest says ${f.rows}`);
    for (const e of events) counted.set(e as string, (counted.get(e as string) ?? 0) + 1);
  }
  const c = COVERAGE_COLUMNS;
  const sums = { events: 0, expected: 0, present: 0, missingBars: 0, checkedEmptyBars: 0, outsideSession: 0 };
  for (const f of manifest.files.filter((x) => x.path.startsWith('coverage/'))) {
    const names = [c.event, c.expected, c.present, c.missingBars, c.checkedEmptyBars, c.outsideSession];
    const t = readTable(bytesOf.get(f.path)!, names);
    if (t.numRows !== f.rows) report(`${f.path}: ${t.numRows} rows, the manifest says ${f.rows}`);
    const [ev, exp, pres, miss, empty, outside] = names.map((name) => t.getChild(name)!);
    for (let r = 0; r < t.numRows; r++) {
      const event = ev!.get(r) as string;
      const expected = exp!.get(r) as number;
      const present = pres!.get(r) as number;
      const gaps = (miss!.get(r) as number) + (empty!.get(r) as number);
      const inBars = counted.get(event);
      if (inBars === undefined && present > 0)
        report(`${f.path}: event "${event}" lists ${present} present bars, the bars files hold none`);
      else if (inBars !== undefined && inBars !== present)
        report(`${f.path}: event "${event}" lists ${present} present bars, the bars files hold ${inBars}`);
      if (present + gaps !== expected)
        report(
          `${f.path}: event "${event}" expects ${expected} bars but lists ${present} present and ${gaps} missing`,
        );
      counted.delete(event);
      sums.events++;
      sums.expected += expected;
      sums.present += present;
      sums.missingBars += miss!.get(r) as number;
      sums.checkedEmptyBars += empty!.get(r) as number;
      sums.outsideSession += outside!.get(r) as number;
    }
  }
  for (const event of counted.keys())
    report(`bars: event "${event}" has bars but no line in the coverage table`);
  for (const [k, v] of Object.entries(sums))
    if (manifest.totals[k as keyof typeof sums] !== v)
      report(
        `${MANIFEST_FILE}: totals.${k} is ${manifest.totals[k as keyof typeof sums]}, the coverage table sums to ${v}`,
      );
  if (more > 0) problems.push(`... and ${more} more differences`);
}

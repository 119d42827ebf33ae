import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ConflictModeSchema } from '../../../src-shared/domain/bar-schema';
import { ErrorPolicySchema } from '../../../src-shared/domain/import';
import {
  TickFormatSchema,
  type TickPlan,
  TickPlanSchema,
  TickPriceSchema,
  TicksModeSchema,
  tickSeriesId,
} from '../../../src-shared/domain/ticks';
import { BarcatError } from '../../plumbing/errors';
import type { CommandArgs } from './command';
import { TICK_USAGE } from './import-ticks-options';
import { writeOpenOptions } from './io/open';

function describePlan(file: string, p: TickPlan): string {
  const cols = Object.entries(p.columns)
    .map(([field, i]) => `${field}=${p.columnNames[i] ?? i + 1}`)
    .join(', ');
  const bars =
    p.ticks === 'keep'
      ? 'keeps the ticks'
      : `${p.ticks === 'both' ? 'keeps the ticks and builds' : 'builds'} ${p.timeframe} bars from ${p.price} into ${p.venue}:${p.symbol}:${p.timeframe}`;
  return `${file}: ${p.format} ${p.kind} -> ${tickSeriesId(p)}; time ${p.time} (${p.tz}); columns ${cols}; ${bars}\n`;
}

/** `barcat import … --ticks MODE`: plans (or previews) and imports tick files. */
export async function runTickImportCommand({
  values,
  positionals,
  catalogDir,
  catalogIsDefault,
  json,
  io,
}: CommandArgs): Promise<number> {
  const fail = (m: string): never => {
    throw new BarcatError('USAGE', `${m}; usage: barcat ${TICK_USAGE}`);
  };
  if (positionals.length === 0) fail('missing FILE or DIR');
  const parse = <T>(
    schema: { safeParse(v: unknown): { success: boolean; data?: T } },
    v: unknown,
    flag: string,
    words: string,
  ) => {
    if (v === undefined) return undefined;
    const r = schema.safeParse(v);
    return r.success ? (r.data as T) : fail(`${flag} "${String(v)}" is not one of ${words}`);
  };
  const ticks = parse(TicksModeSchema, values.ticks, '--ticks', 'keep, bars, both')!;
  const tolerance = values['tolerance-ms'];
  if (tolerance !== undefined && !/^\d+$/.test(String(tolerance)))
    fail('--tolerance-ms must be a whole number of ms');
  const options = {
    ticks,
    price: parse(TickPriceSchema, values.price, '--price', 'bid, ask, mid, last'),
    timeframe: typeof values.timeframe === 'string' ? values.timeframe : undefined,
    format: parse(
      TickFormatSchema,
      values['tick-format'],
      '--tick-format',
      TickFormatSchema.options.join(', '),
    ),
    venue: typeof values.venue === 'string' ? values.venue : undefined,
    symbol: typeof values.symbol === 'string' ? values.symbol : undefined,
    tz: typeof values.tz === 'string' ? values.tz : undefined,
    columns: typeof values['tick-columns'] === 'string' ? values['tick-columns'] : undefined,
    toleranceMs: tolerance === undefined ? undefined : Number(tolerance),
  };
  const onError = parse(ErrorPolicySchema, values['on-error'] ?? 'reject', '--on-error', 'reject, skip')!;
  const mode = parse(ConflictModeSchema, values.mode ?? 'merge', '--mode', 'skip, overwrite, merge')!;
  let plan: TickPlan | undefined;
  if (typeof values['tick-plan'] === 'string') {
    const file = path.resolve(io.cwd, values['tick-plan']);
    const parsed = TickPlanSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success)
      throw new BarcatError(
        'BAD_INPUT',
        `${file} is not a tick plan: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`,
      );
    plan = parsed.data;
  }
  const paths = positionals.map((p) => path.resolve(io.cwd, p));
  const { checkTickOptions, runTickImport, tickPlanOf } = await import(
    '../../engines/import/ticks/tick-import'
  );
  checkTickOptions(options);
  if (values['dry-run'] === true) {
    const { discoverFiles, removeDiscovered } = await import('../../engines/import/detect/discover');
    const found = await discoverFiles(paths);
    const previews: { file: string; plan?: TickPlan; refusal?: string }[] = [];
    try {
      for (const f of found) {
        const name = f.archive?.label ?? f.file;
        const p = plan ?? (await tickPlanOf(f.file, name, options));
        previews.push('refusal' in p ? { file: name, refusal: p.refusal } : { file: name, plan: p });
      }
    } finally {
      await removeDiscovered(found);
    }
    if (json) io.stdout.write(`${JSON.stringify({ previews })}\n`);
    else
      for (const p of previews)
        io.stdout.write(
          p.plan ? describePlan(p.file, p.plan) : `${p.file}: cannot be imported as ticks: ${p.refusal}\n`,
        );
    const bad = previews.find((p) => p.refusal);
    if (bad) throw new BarcatError('BAD_INPUT', `${bad.file} cannot be imported as ticks: ${bad.refusal}`);
    return 0;
  }
  const { openCatalog } = await import('../../engines/catalog/index');
  const catalog = await openCatalog(catalogDir, writeOpenOptions({ values, catalogIsDefault }));
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  try {
    const tty = io.stderr.isTTY === true && !json;
    const summary = await runTickImport(
      catalog,
      { paths, options, onError, mode, force: values.force === true },
      {
        signal: ac.signal,
        plan,
        onProgress: tty
          ? (file, p) =>
              io.stderr.write(
                `\r${path.basename(file)}: ${Math.round((100 * p.bytes) / Math.max(1, p.totalBytes))}% ${p.rows} rows`,
              )
          : undefined,
      },
    );
    if (tty) io.stderr.write('\n');
    if (json) io.stdout.write(`${JSON.stringify(summary)}\n`);
    else
      for (const f of summary.files) {
        io.stdout.write(`${f.status}: ${f.message}\n`);
        for (const p of f.problems) io.stdout.write(`  ${p.message}\n`);
      }
    if (summary.status !== 'done') return 2;
    return summary.files.some((f) => f.status === 'rejected') ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
    await catalog.close();
  }
}

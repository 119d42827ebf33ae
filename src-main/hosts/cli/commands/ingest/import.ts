import type { ImportProgress } from '../../../../../src-shared/domain/import';
import type { Command } from '../../command';
import { TICK_OPTIONS, TICK_USAGE } from '../../import-ticks-options';
import { CREATE_OPTION, writeOpenOptions } from '../../io/open';
import { stringOptions, YEARS_MONTHS_OPTIONS, YEARS_MONTHS_USAGE } from '../../io/option-groups';

const USAGE = `import FILE|DIR... [--series V:S:T | --venue V --symbol S --timeframe T] [--preset NAME] [--tz ZONE] [--end-stamped] [--date-order DMY|MDY] [--delimiter C] [--no-header] [--pattern P] ${YEARS_MONTHS_USAGE} [--mode skip|overwrite|merge] [--on-error reject|skip] [--max-line-bytes N] [--dry-run] [--force] [--create] [--json]`;

function range(v: unknown, flag: string, fail: (m: string) => never): [number, number] | undefined {
  if (v === undefined) return undefined;
  const m = /^(\d+)(?:-(\d+))?$/.exec(String(v));
  if (!m) return fail(`${flag} must look like 2019-2021 or 2020`);
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

/** True for a regular file that starts like a zip archive. */
async function isZipFile(p: string): Promise<boolean> {
  const { promises: fs } = await import('node:fs');
  const { isZipArchive } = await import('../../../../engines/import/index');
  const st = await fs.stat(p).catch(() => null);
  return st?.isFile() === true && (await isZipArchive(p));
}

export const importCommand: Command = {
  name: 'import',
  summary: 'Import vendor CSV files or folders into the catalog (detects format, validates, audited)',
  usage: `${USAGE}\n       ${TICK_USAGE}`,
  options: {
    ...TICK_OPTIONS,
    ...stringOptions(
      'series',
      'venue',
      'symbol',
      'timeframe',
      'preset',
      'tz',
      'date-order',
      'delimiter',
      'pattern',
      'mode',
      'on-error',
      'max-line-bytes',
    ),
    'end-stamped': { type: 'boolean' },
    'no-header': { type: 'boolean' },
    ...YEARS_MONTHS_OPTIONS,
    'dry-run': { type: 'boolean' },
    force: { type: 'boolean' },
    ...CREATE_OPTION,
  },
  async run(args) {
    if (args.values.ticks !== undefined) {
      const { runTickImportCommand } = await import('../../import-ticks');
      return runTickImportCommand(args);
    }
    const { values, positionals, catalogDir, catalogIsDefault, json, io } = args;
    const path = await import('node:path');
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { ImportOverridesSchema, ImportRequestSchema } = await import(
      '../../../../../src-shared/domain/import'
    );
    const fail = (m: string): never => {
      throw new BarcatError('USAGE', `${m}; usage: barcat ${USAGE}`);
    };
    if (positionals.length === 0) fail('missing FILE or DIR');
    const o: Record<string, unknown> = {
      venue: values.venue,
      symbol: values.symbol,
      timeframe: values.timeframe,
      preset: values.preset,
      tz: values.tz,
      endStamped: values['end-stamped'],
      dateOrder: typeof values['date-order'] === 'string' ? values['date-order'].toUpperCase() : undefined,
      delimiter: values.delimiter === '\\t' || values.delimiter === 'tab' ? '\t' : values.delimiter,
      hasHeader: values['no-header'] ? false : undefined,
      namePattern: values.pattern,
      maxLineBytes: values['max-line-bytes'] === undefined ? undefined : Number(values['max-line-bytes']),
    };
    if (typeof values.series === 'string') {
      const parts = values.series.split(':');
      if (parts.length !== 3) fail(`--series "${values.series}" must look like VENUE:SYMBOL:TIMEFRAME`);
      [o.venue, o.symbol, o.timeframe] = parts;
    }
    for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k];
    const parsedO = ImportOverridesSchema.safeParse(o);
    if (!parsedO.success)
      fail(parsedO.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('; '));
    const overrides = parsedO.data as NonNullable<typeof parsedO.data>;
    const paths = positionals.map((p) => path.resolve(io.cwd, p));
    const dryRun = values['dry-run'] === true;

    const { withMemberPlans } = await import('../../../../engines/import/index');
    const { expandPaths } = await import('../../../../engines/import/detect/discover');
    // A zip archive, given or found in a folder, is planned member by member, as the app's cards
    // are; the other files are imported together.
    const others: string[] = [];
    const archives: string[] = [];
    // Only folders are walked here; files and globs go on as given (the engine names a missing one).
    const split = async () => {
      const { promises: fs } = await import('node:fs');
      for (const given of paths) {
        const isDir = (await fs.stat(given).catch(() => null))?.isDirectory() === true;
        for (const p of isDir ? await expandPaths([given]) : [given])
          ((await isZipFile(p)) ? archives : others).push(p);
      }
    };

    if (dryRun) {
      await split();
      const { previewImport } = await import('../../../../engines/import/detect/preview');
      const { discoverFiles, removeDiscovered } = await import('../../../../engines/import/detect/discover');
      const { formatPreview } = await import('../../import-format');
      const previews = [];
      for (const zip of archives)
        await withMemberPlans(zip, overrides, async (plans) => {
          for (const p of plans) previews.push(p.preview);
        });
      const found = others.length ? await discoverFiles(others, { namePattern: overrides.namePattern }) : [];
      try {
        for (const f of found.filter((x) => !x.filtered))
          previews.push(await previewImport(f.file, overrides));
      } finally {
        await removeDiscovered(found);
      }
      if (json) io.stdout.write(`${JSON.stringify({ previews })}\n`);
      else for (const p of previews) io.stdout.write(formatPreview(p));
      const bad = previews.find((p) => !p.ok);
      if (bad) throw new BarcatError('BAD_INPUT', `${bad.file} cannot be imported as bars: ${bad.reason}`);
      return 0;
    }

    const req = ImportRequestSchema.safeParse({
      paths,
      overrides,
      mode: values.mode,
      onError: values['on-error'],
      force: values.force === true,
      years: range(values.years, '--years', fail),
      months: range(values.months, '--months', fail),
    });
    if (!req.success)
      fail(req.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('; '));
    await split();
    const { openCatalog } = await import('../../../../engines/catalog/index');
    const { importArchive, mergeSummaries, runImport } = await import('../../../../engines/import/index');
    const { formatSummary, formatProgress } = await import('../../import-format');
    const catalog = await openCatalog(catalogDir, writeOpenOptions({ values, catalogIsDefault }));
    const tty = io.stderr.isTTY === true && !json;
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    try {
      const { paths: _all, ...rest } = req.data as NonNullable<typeof req.data>;
      const opts = {
        signal: ac.signal,
        onProgress: tty ? (p: ImportProgress) => io.stderr.write(formatProgress(p)) : undefined,
      };
      const parts = [];
      for (const zip of archives) {
        const s = await importArchive(catalog, zip, rest, opts);
        if (s) parts.push(s);
      }
      if (others.length) parts.push(await runImport(catalog, { ...rest, paths: others }, opts));
      const summary = parts.length === 1 ? (parts[0] as (typeof parts)[number]) : mergeSummaries(parts);
      if (tty) io.stderr.write('\n');
      if (json) io.stdout.write(`${JSON.stringify(summary)}\n`);
      else io.stdout.write(formatSummary(summary));
      const unreadable = summary.files.find((f) => f.status === 'failed');
      if (unreadable && !json) io.stderr.write(`barcat: ${unreadable.message}\n`);
      if (summary.status === 'cancelled') return 2;
      if (unreadable) return 2;
      if (summary.files.some((f) => f.status === 'rejected')) return 1;
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
      await catalog.close();
    }
  },
};

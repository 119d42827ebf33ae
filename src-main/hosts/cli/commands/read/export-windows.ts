import type { CommandArgs } from '../../command';
import { withReadCatalog } from '../../io/open';
import { stringOptions } from '../../io/option-groups';

export const WINDOWS_USAGE =
  'export windows --events FILE --pre N --post M [--timeframe TF] [--series-map FILE] --out DIR';
export const VERIFY_USAGE = 'export verify DIR';

/** Options only `export windows` takes (the Command's option table lists them with the rest). */
export const WINDOWS_OPTIONS = stringOptions('events', 'pre', 'post', 'series-map');

/** A bar count, or what is wrong with it. */
function barCount(value: unknown, flag: string): number | string {
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim()))
    return `${flag} ${value === undefined ? 'is missing' : `"${String(value)}" is not a whole number`}; usage: barcat ${WINDOWS_USAGE}`;
  return Number(value);
}

/** `barcat export windows`: the event-window lake (src-main/engines/export/lake). */
export async function runExportWindows({
  values,
  positionals,
  catalogDir,
  json,
  io,
}: CommandArgs): Promise<number> {
  const { BarcatError } = await import('../../../../plumbing/errors');
  const usage = (msg: string) => new BarcatError('USAGE', msg);
  if (positionals.length > 1)
    throw usage(`unexpected ${positionals.slice(1).join(' ')}; usage: barcat ${WINDOWS_USAGE}`);
  for (const flag of [
    'align',
    'complete-only',
    'fill',
    'format',
    'tz',
    'from',
    'to',
    'years',
    'months',
    'force',
  ])
    if (values[flag] !== undefined && values[flag] !== false)
      throw usage(`--${flag} does not apply to export windows; usage: barcat ${WINDOWS_USAGE}`);
  if (typeof values.events !== 'string')
    throw usage(`--events FILE is missing; usage: barcat ${WINDOWS_USAGE}`);
  if (typeof values.out !== 'string') throw usage(`--out DIR is missing; usage: barcat ${WINDOWS_USAGE}`);
  const pre = barCount(values.pre, '--pre');
  const post = barCount(values.post, '--post');
  if (typeof pre === 'string') throw usage(pre);
  if (typeof post === 'string') throw usage(post);
  const { isTimeframe, TIMEFRAMES } = await import('../../../../../src-shared/domain/timeframe');
  const tf = values.timeframe;
  if (tf !== undefined && (typeof tf !== 'string' || !isTimeframe(tf)))
    throw usage(`--timeframe "${String(tf)}" is not one of ${TIMEFRAMES.join(' ')}`);
  const { exportWindows } = await import('../../../../engines/export/lake/index');
  const request = {
    events: values.events,
    pre,
    post,
    timeframe: tf,
    seriesMap: typeof values['series-map'] === 'string' ? values['series-map'] : undefined,
    out: values.out,
  };
  return withReadCatalog(catalogDir, async (catalog) => {
    // Ctrl-C stops between read windows; the engine then removes its staging folder: nothing is left.
    const ac = new AbortController();
    const onSigint = () => ac.abort();
    process.once('SIGINT', onSigint);
    const tty = io.stderr.isTTY === true && !json;
    try {
      const r = await exportWindows(catalog, request, io.cwd, {
        signal: ac.signal,
        onProgress: tty ? (done, total) => io.stderr.write(`\r${done} of ${total} events`) : undefined,
      });
      if (tty) io.stderr.write('\n');
      if (json) io.stdout.write(`${JSON.stringify(r)}\n`);
      else {
        const t = r.totals;
        io.stdout.write(
          `${t.events} events, ${t.rows} bars in ${r.files} files -> ${r.out}\n` +
            `expected ${t.expected} bars: ${t.present} present, ${t.missingBars} missing (gaps), ${t.checkedEmptyBars} checked empty; ${t.outsideSession} bars outside sessions left out\n` +
            `seal ${r.seal}\n`,
        );
      }
      return 0;
    } finally {
      process.off('SIGINT', onSigint);
    }
  });
}

/** `barcat export verify DIR`: exit 0 when the export is as sealed, 1 naming every file that differs. */
export async function runExportVerify({ positionals, json, io }: CommandArgs): Promise<number> {
  const { BarcatError } = await import('../../../../plumbing/errors');
  if (positionals.length !== 2)
    throw new BarcatError('USAGE', `give one export folder; usage: barcat ${VERIFY_USAGE}`);
  const path = await import('node:path');
  const dir = path.resolve(io.cwd, positionals[1]!);
  const { verifyExport } = await import('../../../../engines/export/lake/index');
  const r = await verifyExport(dir);
  if (json) io.stdout.write(`${JSON.stringify(r)}\n`);
  else if (r.problems.length === 0)
    io.stdout.write(`ok: ${r.files} files, ${r.rows} bars, ${r.events} events as sealed (${r.seal})\n`);
  else {
    for (const p of r.problems) io.stdout.write(`${p}\n`);
    io.stderr.write(
      `barcat: ${dir} differs from its manifest in ${r.problems.length} place${r.problems.length === 1 ? '' : 's'}\n`,
    );
  }
  return r.problems.length === 0 ? 0 : 1;
}

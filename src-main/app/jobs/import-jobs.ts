import path from 'node:path';
import type { ImportFilePreview, ImportFileRequest, ImportJobFile } from '../../../src-shared/contract';
import type { ConflictMode } from '../../../src-shared/domain/bar';
import type {
  ErrorPolicy,
  ImportFileResult,
  ImportOverrides,
  ImportPreview,
  ImportProgress,
} from '../../../src-shared/domain/import';
import { checkSeriesKey, type SeriesKey, seriesId } from '../../../src-shared/domain/series';
import type { TickPlan } from '../../../src-shared/domain/ticks';
import type { Catalog } from '../../engines/catalog/index';
import type { ArchiveMember, UnpackedMembers } from '../../engines/import/index';
import { BarcatError, toWireError } from '../../plumbing/errors';
import type { CoreContext } from '../core/context';
import { type ImportEngine, loadImportEngine } from '../core/engines';
import { listedProblems } from '../core/listed-problems';
import { planMemoryPerCore } from '../core/plan-memory';
import { addTickTotals, previewTicks, runTickFiles, type TickTotals, tickJobFile } from './tick-import-jobs';

/** The series a preview will write to, when venue, symbol and timeframe are all known and valid. */
function keyOf(p: ImportPreview): SeriesKey | null {
  const { venue, symbol, timeframe } = p.series;
  if (!venue || !symbol || !timeframe) return null;
  const checked = checkSeriesKey({ venue, symbol, timeframe });
  return 'key' in checked ? checked.key : null;
}

function missingPart(p: ImportPreview): string | null {
  if (!p.ok) return p.reason ?? 'this file cannot be read as bars';
  const missing = (['venue', 'symbol', 'timeframe'] as const).filter((k) => !p.series[k]);
  if (missing.length)
    return `set the ${missing.join(' and ')}: they could not be told from the file name or the data`;
  if (!keyOf(p))
    return `"${p.series.venue}:${p.series.symbol}" is not a valid series name; change venue or symbol`;
  return null;
}

async function existingIn(catalog: Catalog, key: SeriesKey, p: ImportPreview): Promise<number> {
  if (!p.span) return 0;
  try {
    return await catalog.countExisting(key, p.span);
  } catch (err) {
    return absent(err, 0);
  }
}

/** `none` when the series is not in the catalog; any other failure (a corrupt manifest) is the preview's error. */
function absent<T>(err: unknown, none: T): T {
  if (err instanceof BarcatError && err.code === 'NOT_FOUND') return none;
  throw err;
}

/** The calendar a series already has, or null when it is not in the catalog yet. */
async function seriesCalendar(catalog: Catalog, key: SeriesKey): Promise<string | null> {
  try {
    return (await catalog.availability(key)).calendar;
  } catch (err) {
    return absent(err, null);
  }
}

/** Plans the user has seen, by id: startImport runs one as it was shown (an archive member with its archive's sha256). */
interface ShownPlan {
  path: string;
  member?: string;
  sha256?: string;
  plan: ImportOverrides;
  /** A tick file's plan: it runs through the tick import (plan is then empty). */
  tickPlan?: TickPlan;
}
const shownPlans = planMemoryPerCore<ShownPlan>(5_000);

/** The user's overrides over the app's default zone, which applies only where nothing else decides. */
function withAppZone(ctx: CoreContext, overrides: ImportOverrides | undefined): ImportOverrides {
  return { defaultTz: ctx.settings.defaultTimezone, ...overrides };
}

/** What one card previews: a plain file, or a member unpacked from the archive at the request's path. */
interface CardSource {
  file: string;
  name: string;
  member?: ArchiveMember;
  sha256?: string;
}

/** The name a card shows: the file's, or `ARCHIVE › MEMBER` for an archive member. */
const cardName = (f: ImportFileRequest, member?: ArchiveMember) =>
  member ? path.basename(member.label) : path.basename(f.path);

/** An archive shows one card per CSV member, each previewed from its unpacked file with its own plan. */
export async function previewImportFiles(
  ctx: CoreContext,
  files: ImportFileRequest[],
): Promise<ImportFilePreview[]> {
  const engine = await loadImportEngine();
  engine.warmWorkers();
  const out: ImportFilePreview[] = [];
  for (const f of files) {
    let un: UnpackedMembers | null;
    try {
      un = await engine.unpackMembers(f.path, f.member ? { only: new Set([f.member]) } : {});
    } catch (err) {
      out.push(failedCard(f, { file: f.path, name: cardName(f) }, err, null));
      continue;
    }
    if (!un) {
      out.push(await previewCard(ctx, engine, f, { file: f.path, name: cardName(f) }));
      continue;
    }
    try {
      const members = f.member ? un.members.filter((m) => m.name === f.member) : un.members;
      if (members.length === 0)
        out.push(
          failedCard(
            f,
            { file: f.path, name: cardName(f) },
            new BarcatError('BAD_INPUT', `${path.basename(f.path)} holds no member ${f.member}`),
            null,
          ),
        );
      for (const m of members)
        out.push(
          await previewCard(ctx, engine, f, {
            file: m.file,
            name: cardName(f, m),
            member: m,
            sha256: un.sha256,
          }),
        );
    } finally {
      await engine.removeUnzipped(un.dir);
    }
  }
  return out;
}

async function previewCard(
  ctx: CoreContext,
  engine: ImportEngine,
  f: ImportFileRequest,
  src: CardSource,
): Promise<ImportFilePreview> {
  // A zone the engine does not know is shown at its field; the rest of the preview stays.
  const typedZone = f.overrides?.tz;
  const invalidZone = typedZone && !engine.isImportZone(typedZone) ? typedZone : null;
  const overrides = withAppZone(ctx, { ...f.overrides });
  if (invalidZone) delete overrides.tz;
  try {
    const tick = invalidZone ? null : await previewTicks(f, src.file, src.name);
    if (tick) return tickFileCard(ctx, f, src, tick);
    const preview = src.member
      ? await engine.previewMember(src.member, overrides)
      : await engine.previewImport(src.file, overrides);
    const key = keyOf(preview);
    const problem = invalidZone ? null : missingPart(preview);
    const catalog = ctx.catalogs.get();
    // A series keeps its calendar unless the user picks another; the bars' suggestion is for new ones.
    const own = key && preview.calendarSource !== 'user' ? await seriesCalendar(catalog, key) : null;
    if (own) {
      preview.calendar = own;
      preview.calendarSource = 'series';
      preview.plan.calendar = own;
    }
    const before =
      key && !problem ? await engine.earlierImport(catalog.dir, src.file, preview.plan) : undefined;
    const member = src.member?.name;
    return {
      path: f.path,
      ...(member ? { member } : {}),
      name: src.name,
      ok: problem === null && invalidZone === null,
      error: problem,
      preview,
      seriesId: key ? seriesId(key) : null,
      existingBars: key ? await existingIn(catalog, key, preview) : 0,
      planId: preview.ok
        ? shownPlans(ctx).keep(
            { path: f.path, ...(member ? { member, sha256: src.sha256 } : {}), plan: preview.plan },
            ctx.now(),
          )
        : null,
      invalidZone,
      importedBefore: before?.importedAt ?? null,
      tick: null,
    };
  } catch (err) {
    return failedCard(f, src, err, invalidZone);
  }
}

/** A tick file's card: its plan is kept by id like a bar file's, to run verbatim. */
function tickFileCard(
  ctx: CoreContext,
  f: ImportFileRequest,
  src: CardSource,
  tick: NonNullable<Awaited<ReturnType<typeof previewTicks>>>,
): ImportFilePreview {
  const member = src.member?.name;
  return {
    path: f.path,
    ...(member ? { member } : {}),
    name: src.name,
    ok: tick.plan !== null,
    error: tick.error,
    preview: null,
    seriesId: null,
    existingBars: 0,
    planId: tick.plan
      ? shownPlans(ctx).keep(
          { path: f.path, ...(member ? { member, sha256: src.sha256 } : {}), plan: {}, tickPlan: tick.plan },
          ctx.now(),
        )
      : null,
    invalidZone: null,
    importedBefore: null,
    tick: tick.card,
  };
}

function failedCard(
  f: ImportFileRequest,
  src: CardSource,
  err: unknown,
  invalidZone: string | null,
): ImportFilePreview {
  return {
    path: f.path,
    ...(src.member ? { member: src.member.name } : {}),
    name: src.name,
    ok: false,
    error: toWireError(err).message.replaceAll(src.file, src.name),
    preview: null,
    seriesId: null,
    existingBars: 0,
    planId: null,
    invalidZone,
    importedBefore: null,
    tick: null,
  };
}

/** What each file is imported with: the plan its preview showed, else the request's overrides. */
function runPlan(ctx: CoreContext, f: ImportFileRequest): ShownPlan {
  if (!f.planId) return { path: f.path, member: f.member, plan: withAppZone(ctx, f.overrides) };
  const shown = shownPlans(ctx).get(f.planId, ctx.now());
  if (!shown || shown.path !== f.path || shown.member !== f.member)
    throw new BarcatError(
      'BAD_INPUT',
      `the preview of ${path.basename(f.path)} is no longer known (the app restarted, or it was shown too long ago); preview the file again`,
    );
  return shown;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** A message naming a file by its name: the folder of an upload is a temporary one, meaningless to the user. */
function byName(message: string, file: string): string {
  return message.replaceAll(file, path.basename(file));
}

/**
 * Problems listed in full over a job's files (each file's counts cover the rest); past them a file lists
 * only the first of each rule (the dialog files its count by its severity): a job grows with files and rules, not rows.
 */
const MAX_LISTED = 1_000;

/** A file's result for the dialog: its name only (an upload's temporary folder means nothing). */
function jobFile(r: ImportFileResult, room: number): ImportJobFile {
  return {
    name: path.basename(r.file),
    series: r.series,
    status: r.status,
    message: r.status === 'failed' && r.message ? byName(r.message, r.file) : null,
    rowsRead: r.rowsRead,
    rowsAdded: r.rowsAdded,
    rowsReplaced: r.rowsReplaced,
    rowsRemoved: r.rowsRemoved,
    rowsSkipped: r.rowsSkipped,
    rowsInvalid: r.rowsInvalid,
    problemCounts: r.problemCounts,
    problems: listedProblems(r.problems, room),
  };
}

/**
 * The job's copyable lines, as codes with fields: files not imported first, then bad rows, then
 * notes; each names the file by its name only.
 */
function problemLines(files: ImportJobFile[]): string[] {
  const refused: string[] = [];
  const errors: string[] = [];
  const notes: string[] = [];
  for (const f of files) {
    if (f.status === 'rejected' || f.status === 'failed')
      refused.push(`${f.name}: ${f.status}${f.message ? `: ${f.message}` : ''}`);
    for (const p of f.problems) {
      const where = [p.line === null ? null : `line ${p.line}`, p.column && `column ${p.column}`]
        .filter(Boolean)
        .join(', ');
      const line = `${f.name}${where ? ` ${where}` : ''}: ${p.rule}${p.value === null ? '' : ` "${p.value}"`}`;
      (p.severity === 'error' ? errors : notes).push(line);
    }
  }
  return [...refused, ...errors, ...notes];
}

/** Files with the same plan share one import session (the engine reads two at a time). */
function groupByPlan(ctx: CoreContext, files: ImportFileRequest[]) {
  const groups = new Map<string, { overrides: ImportOverrides; tickPlan?: TickPlan; files: ShownPlan[] }>();
  for (const f of files) {
    const shown = runPlan(ctx, f);
    const key = JSON.stringify([shown.plan, shown.tickPlan]);
    const g = groups.get(key) ?? { overrides: shown.plan, tickPlan: shown.tickPlan, files: [] };
    g.files.push(shown);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/**
 * The file each request imports: its path, or its member unpacked again (each archive once) from
 * an archive whose bytes are still those previewed. `labels` maps an unpacked file to its shown name.
 */
async function runPaths(
  engine: ImportEngine,
  files: ShownPlan[],
  unpacked: Map<string, UnpackedMembers>,
  membersOf: ReadonlyMap<string, ReadonlySet<string>>,
  labels: Map<string, string>,
  signal: AbortSignal,
): Promise<string[]> {
  const paths: string[] = [];
  for (const f of files) {
    if (!f.member) {
      paths.push(f.path);
      continue;
    }
    const base = path.basename(f.path);
    let un = unpacked.get(f.path);
    if (!un) {
      // Only the members this job starts; the archive's other members stay packed.
      const fresh = await engine.unpackMembers(f.path, { signal, only: membersOf.get(f.path) });
      if (!fresh) throw new BarcatError('BAD_INPUT', `${base} is no longer a zip archive; preview it again`);
      un = fresh;
      unpacked.set(f.path, un);
    }
    if (f.sha256 && un.sha256 !== f.sha256)
      throw new BarcatError('BAD_INPUT', `${base}: the archive changed since its preview; preview it again`, {
        reason: 'ARCHIVE_CHANGED',
        file: base,
      });
    const m = un.members.find((x) => x.name === f.member);
    if (!m) throw new BarcatError('BAD_INPUT', `${base} holds no member ${f.member}; preview it again`);
    labels.set(m.file, m.label);
    paths.push(m.file);
  }
  return paths;
}

/** Whether a job imports tick files: its message then says how many ticks were written, even none. */
const importsTicks = (groups: { tickPlan?: TickPlan }[]) => groups.some((g) => g.tickPlan !== undefined);

/** Runs the files one import session after another (each may carry its own overrides) as one job. */
export function startImportJob(
  ctx: CoreContext,
  files: ImportFileRequest[],
  mode: ConflictMode,
  onError: ErrorPolicy = 'reject',
  force = false,
): string {
  // Every plan is found before the job starts: a forgotten preview is an error, not a re-detection.
  const groups = groupByPlan(ctx, files);
  const title =
    files.length === 1
      ? `Import ${files[0]!.member ? `${path.basename(files[0]!.path)} › ${path.posix.basename(files[0]!.member)}` : path.basename(files[0]!.path)}`
      : `Import ${files.length} files`;
  const job = ctx.jobs.start('import', title, 'rows');
  const run = async () => {
    const engine = await loadImportEngine();
    let rowsBefore = 0;
    let written = 0;
    const changed = { rowsAdded: 0, rowsReplaced: 0, rowsRemoved: 0 };
    let invalid = 0;
    let failedFiles = 0;
    let unchangedFiles = 0;
    const results: ImportJobFile[] = [];
    // Problems listed so far over every file: past MAX_LISTED, only the first of each rule.
    let listed = 0;
    const keep = (f: ImportJobFile) => {
      results.push(f);
      listed += f.problems.length;
    };
    const ids = new Set<string>();
    let lastFile = -1;
    const unpacked = new Map<string, UnpackedMembers>();
    const labels = new Map<string, string>();
    const ticks: TickTotals = { ticks: 0, bars: 0, rowsRead: 0, invalid: 0 };
    try {
      // Every member is unpacked and checked before anything is written.
      const membersOf = new Map<string, Set<string>>();
      for (const f of groups.flatMap((g) => g.files))
        if (f.member) membersOf.set(f.path, (membersOf.get(f.path) ?? new Set()).add(f.member));
      const groupPaths: string[][] = [];
      for (const group of groups)
        groupPaths.push(await runPaths(engine, group.files, unpacked, membersOf, labels, job.signal));
      for (const [g, group] of groups.entries()) {
        lastFile = -1;
        if (job.signal.aborted) break;
        const catalog = ctx.catalogs.get();
        if (group.tickPlan) {
          const done = rowsBefore;
          const tickFiles = await runTickFiles(
            catalog,
            groupPaths[g] as string[],
            group.tickPlan,
            { mode, onError, force },
            {
              signal: job.signal,
              onProgress: (rows, total) => job.progress(done + rows, total === null ? null : done + total),
            },
          );
          for (const r of tickFiles) {
            addTickTotals(ticks, r);
            changed.rowsAdded += r.barsWritten?.added ?? 0;
            changed.rowsReplaced += r.barsWritten?.replaced ?? 0;
            changed.rowsRemoved += r.barsWritten?.removed ?? 0;
            rowsBefore += r.rowsRead;
            const name = path.basename(labels.get(r.file) ?? r.file);
            keep(tickJobFile(r, name, MAX_LISTED - listed));
            for (const id of [r.tickSeries, r.barsWritten ? r.barSeries : null]) if (id) ids.add(id);
            if (r.status === 'rejected' || r.status === 'failed') failedFiles++;
            if (r.status === 'unchanged') unchangedFiles++;
          }
          job.update({
            problems: problemLines(results).slice(0, 5000),
            importFiles: results,
            seriesIds: [...ids],
          });
          if (ids.size) ctx.bus.emit('seriesChanged', { ids: [...ids] });
          // Bars built from ticks are judged like any bars.
          const built = tickFiles.filter(
            (r) => r.barSeries && (r.barsWritten?.added ?? 0) + (r.barsWritten?.replaced ?? 0) > 0,
          );
          if (built.length)
            ctx.quality.request(catalog, [...new Set(built.map((r) => r.barSeries!))], job.note);
          continue;
        }
        const summary = await engine.runImport(
          catalog,
          {
            paths: groupPaths[g] as string[],
            overrides: group.overrides,
            mode,
            onError,
            force,
          },
          {
            signal: job.signal,
            onProgress: (p: ImportProgress) => {
              if (p.files > 1 && p.fileIndex !== lastFile) {
                lastFile = p.fileIndex;
                job.update({ message: `file ${p.fileIndex + 1} of ${p.files}: ${path.basename(p.file)}` });
              }
              // Rows are only known once read; estimate the total from the bytes read so far.
              const total = p.bytes > 0 ? Math.round((p.rows * p.totalBytes) / p.bytes) : null;
              job.progress(rowsBefore + p.rows, total === null ? null : rowsBefore + total);
            },
          },
        );
        rowsBefore += summary.rowsRead;
        written += summary.rowsWritten;
        invalid += summary.rowsInvalid;
        // Series whose bars this group changed: only they need their quality results refreshed.
        const barsChanged = new Set<string>();
        for (const r of summary.files) {
          if (r.series && r.rowsAdded + r.rowsReplaced + r.rowsRemoved > 0) barsChanged.add(r.series);
          changed.rowsAdded += r.rowsAdded;
          changed.rowsReplaced += r.rowsReplaced;
          changed.rowsRemoved += r.rowsRemoved;
          if (r.series) ids.add(r.series);
          if (r.status === 'rejected' || r.status === 'failed') failedFiles++;
          if (r.status === 'unchanged') unchangedFiles++;
        }
        for (const raw of summary.files) {
          const label = labels.get(raw.file);
          const r = label ? engine.relabelResult(raw, raw.file, label) : raw;
          keep(jobFile(r, MAX_LISTED - listed));
        }
        job.update({
          problems: problemLines(results).slice(0, 5000),
          importFiles: results,
          seriesIds: [...ids],
        });
        if (ids.size) {
          ctx.bus.emit('seriesChanged', { ids: [...ids] });
          ctx.quality.request(catalog, [...barsChanged], job.note);
        }
      }
    } finally {
      for (const un of unpacked.values()) await engine.removeUnzipped(un.dir);
    }
    written += ticks.bars;
    invalid += ticks.invalid;
    job.progress(rowsBefore, rowsBefore);
    // Counted over results, not requested paths: an archive or a folder yields several files.
    const message =
      (ticks.ticks || importsTicks(groups) ? `${fmt(ticks.ticks)} ticks and ` : '') +
      `${written.toLocaleString('en-US')} bars written from ${results.length} file${results.length === 1 ? '' : 's'}` +
      ` (${fmt(changed.rowsAdded)} added, ${fmt(changed.rowsReplaced)} replaced, ${fmt(changed.rowsRemoved)} removed)` +
      (invalid ? `, ${invalid.toLocaleString('en-US')} invalid rows` : '') +
      (unchangedFiles
        ? `, ${unchangedFiles} file${unchangedFiles === 1 ? '' : 's'} imported before left as ${unchangedFiles === 1 ? 'it was' : 'they were'} (choose "import again" to write ${unchangedFiles === 1 ? 'it' : 'them'} with the chosen mode)`
        : '') +
      (failedFiles ? `, ${failedFiles} file${failedFiles === 1 ? '' : 's'} not imported (see problems)` : '');
    job.finish(
      job.signal.aborted
        ? 'cancelled'
        : failedFiles === results.filter((r) => r.status !== 'filtered').length
          ? 'failed'
          : 'done',
      message,
    );
  };
  run().catch((err: unknown) => {
    const e = toWireError(err);
    job.finish(e.code === 'CANCELLED' ? 'cancelled' : 'failed', e.message);
  });
  return job.id;
}

import { BAR_COLUMNS, type BarColumn } from '../../../../src-shared/domain/bar';
import { BarcatError } from '../../../plumbing/errors';
import { sha256Hex } from '../../../plumbing/sha256';
import { isImportZone, mapByName } from '../../import/index';
import {
  type DbColumn,
  type DbFrom,
  type DbImportPlan,
  REQUIRED_FIELDS,
  type SeriesSource,
  seriesColumns,
} from '../plan';
import { type DbTarget, targetLabel } from '../target';

export interface PlanInput {
  target: DbTarget;
  from: DbFrom;
  /** The user's mapping (column names); fields it leaves out are detected from names and types. */
  map?: Partial<Record<BarColumn, string>>;
  series: SeriesSource;
  tz?: string;
}

const TIME_KINDS = new Set(['instant', 'wall', 'date', 'integer']);
const NUMBER_KINDS = new Set(['number', 'integer']);

function columnList(cols: readonly DbColumn[]): string {
  return cols.map((c) => `${c.name} (${c.type})`).join(', ');
}

/** Fields the user did not map, from column names as the CSV import matches them, else the one time-typed column. */
function detect(cols: readonly DbColumn[], given: Partial<Record<BarColumn, string>>, exclude: Set<string>) {
  const map = { ...given };
  const free = cols.filter((c) => !exclude.has(c.name) && !Object.values(given).includes(c.name));
  const byName = mapByName(free.map((c) => c.name)).mapping;
  for (const f of BAR_COLUMNS) {
    const i = byName[f];
    if (map[f] === undefined && i !== undefined && free[i]) map[f] = free[i].name;
  }
  if (map.ts === undefined) {
    const times = free.filter((c) => c.kind === 'instant' || c.kind === 'wall' || c.kind === 'date');
    if (times.length === 1) map.ts = times[0]?.name;
  }
  return map;
}

/** The plan the import, its check and its parity report run: every choice made here, once. */
export function buildPlan(input: PlanInput, cols: readonly DbColumn[]): DbImportPlan {
  const byName = new Map(cols.map((c) => [c.name, c]));
  const where = 'table' in input.from ? `table ${input.from.table}` : 'the query';
  for (const c of seriesColumns(input.series))
    if (!byName.has(c))
      throw new BarcatError(
        'USAGE',
        `--series-from: ${where} has no column "${c}"; its columns: ${columnList(cols)}`,
      );
  const map = detect(cols, input.map ?? {}, new Set(seriesColumns(input.series)));
  for (const f of REQUIRED_FIELDS)
    if (map[f] === undefined)
      throw new BarcatError(
        'USAGE',
        `no column for ${f} in ${where}; map it with --map ${f}=COLUMN (columns: ${columnList(cols)})`,
      );
  for (const [f, name] of Object.entries(map) as [BarColumn, string][]) {
    const c = byName.get(name);
    if (!c)
      throw new BarcatError(
        'USAGE',
        `--map ${f}=${name}: ${where} has no such column; its columns: ${columnList(cols)}`,
      );
    const ok = f === 'ts' ? TIME_KINDS.has(c.kind) : NUMBER_KINDS.has(c.kind);
    if (!ok)
      throw new BarcatError(
        'USAGE',
        `column ${name} (${c.type}) cannot be ${f}: ${f === 'ts' ? 'a time needs a timestamp, timestamptz, date, DateTime or integer epoch column' : 'a value needs a numeric column'}`,
      );
  }
  const tsKind = byName.get(map.ts as string)?.kind as DbImportPlan['tsKind'];
  if (tsKind === 'wall' && input.tz === undefined)
    throw new BarcatError(
      'USAGE',
      `column ${map.ts} is a timestamp without time zone: say which zone its times are in with --tz (e.g. --tz UTC or --tz America/New_York)`,
    );
  const tz = tsKind === 'wall' ? (input.tz as string) : 'UTC';
  if (!isImportZone(tz))
    throw new BarcatError(
      'USAGE',
      `--tz "${tz}" is not a known IANA zone name nor an offset; use one like America/New_York, UTC or UTC+2`,
    );
  const identity = {
    target: targetLabel(input.target),
    from: input.from,
    map,
    series: input.series,
    tz,
    tsKind,
  };
  return {
    target: input.target,
    from: input.from,
    map,
    tsKind,
    series: input.series,
    tz,
    sourceHash: sha256Hex(JSON.stringify(identity)).slice(0, 32),
    sourceLabel: `${targetLabel(input.target)} ${'table' in input.from ? `table ${input.from.table}` : `query ${input.from.query}`}`,
  };
}

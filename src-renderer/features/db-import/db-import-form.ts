import type { DbSourceInput } from '../../../src-shared/domain/job-kinds/db-import';

/** What the dialog's fields hold, as typed. */
export interface DbForm {
  url: string;
  fromKind: 'table' | 'query';
  table: string;
  query: string;
  seriesKind: 'fixed' | 'columns';
  series: string;
  venueCol: string;
  symbolCol: string;
  timeframe: string;
  tz: string;
  map: string;
}

export const EMPTY_FORM: DbForm = {
  url: '',
  fromKind: 'table',
  table: '',
  query: '',
  seriesKind: 'columns',
  series: '',
  venueCol: 'venue',
  symbolCol: 'symbol',
  timeframe: '1m',
  tz: '',
  map: '',
};

/** The form as the contract's source input: the same reading the CLI's flags get in main. */
export function sourceOf(f: DbForm): DbSourceInput {
  const map: NonNullable<DbSourceInput['map']> = {};
  for (const part of f.map.split(',')) {
    const [field, col] = part.split('=').map((s) => s.trim());
    if (field && col) (map as Record<string, string>)[field] = col;
  }
  return {
    url: f.url.trim(),
    ...(f.fromKind === 'table' ? { table: f.table.trim() } : { query: f.query }),
    ...(Object.keys(map).length > 0 ? { map } : {}),
    ...(f.seriesKind === 'fixed'
      ? { series: f.series.trim() }
      : { seriesFrom: [f.venueCol.trim(), f.symbolCol.trim()], timeframe: f.timeframe.trim() }),
    ...(f.tz.trim() ? { tz: f.tz.trim() } : {}),
  };
}

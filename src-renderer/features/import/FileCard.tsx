import type { ImportFilePreview } from '../../../src-shared/contract';
import {
  BAR_FIELDS,
  type BarField,
  type ImportOverrides,
  type ImportPreview,
  PRESET_NAMES,
  type TimestampFormat,
  TimestampFormatSchema,
  type ValueSource,
} from '../../../src-shared/domain/import';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatInt, formatTs } from '../../lib/format';
import { TimeframeField } from './TimeframeField';
import './import.css';
import { mappingFallbackNotice } from './mapping-words';
import { problemLine } from './problem-words';

const DELIMITERS: [string, string][] = [
  [',', 'comma'],
  [';', 'semicolon'],
  ['\t', 'tab'],
  ['|', 'pipe'],
];

interface CardProps {
  p: ImportFilePreview;
  calendars: readonly string[];
  refreshing: boolean;
  onChange(o: ImportOverrides): void;
  onRemove(): void;
}

/** One file of the import preview: everything detected, each of it changeable. */
export function FileCard({ p, calendars, refreshing, onChange, onRemove }: CardProps) {
  const v = p.preview;
  return (
    <div className={`file-card${p.ok ? '' : ' bad'}${refreshing ? ' busy' : ''}`} data-testid="file-card">
      <div className="file-head">
        <b className="mono">{p.name}</b>
        <span className={`badge ${p.ok ? 'done' : 'failed'}`}>{p.ok ? 'ready' : 'needs attention'}</span>
        {p.seriesId && <span className="mono">→ {p.seriesId}</span>}
        <span className="spacer" />
        <button type="button" className="ghost" onClick={onRemove}>
          Remove
        </button>
      </div>
      <ErrorLine text={p.error} />
      {v && (
        <>
          <div className="file-fields">
            <label className="field">
              <span>Preset</span>
              <select
                value={v.plan.preset ?? ''}
                onChange={(e) =>
                  onChange({ preset: (e.target.value || undefined) as ImportOverrides['preset'] })
                }
              >
                {/* A recognised layout is a hint: its conventions apply once the preset is chosen. */}
                <option value="">
                  {v.format.preset && !v.plan.preset ? `generic (looks like ${v.format.preset})` : 'generic'}
                </option>
                {PRESET_NAMES.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Delimiter</span>
              <select
                value={v.format.delimiter}
                onChange={(e) => onChange({ delimiter: e.target.value as ImportOverrides['delimiter'] })}
              >
                {DELIMITERS.map(([d, name]) => (
                  <option key={name} value={d}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Header</span>
              <select
                value={String(v.format.hasHeader)}
                onChange={(e) => onChange({ hasHeader: e.target.value === 'true' })}
              >
                <option value="true">yes</option>
                <option value="false">no</option>
              </select>
            </label>
            <label className="field">
              <span>Timestamps</span>
              <select
                value={v.format.timestampFormat}
                onChange={(e) => onChange({ timestampFormat: e.target.value as TimestampFormat })}
              >
                {TimestampFormatSchema.options.map((f) => (
                  <option key={f}>{f}</option>
                ))}
              </select>
            </label>
            <ZoneField
              value={p.invalidZone ?? v.tz}
              source={v.tzSource}
              invalid={p.invalidZone !== null}
              onCommit={(tz) => onChange({ tz })}
            />
            <TextField label="Venue" value={v.series.venue ?? ''} onCommit={(venue) => onChange({ venue })} />
            <TextField
              label="Symbol"
              value={v.series.symbol ?? ''}
              onCommit={(symbol) => onChange({ symbol })}
            />
            <TimeframeField value={v.series.timeframe} onCommit={(timeframe) => onChange({ timeframe })} />
            <label className="field">
              <span>Calendar</span>
              <select value={v.calendar} onChange={(e) => onChange({ calendar: e.target.value })}>
                {[...new Set([v.calendar, ...calendars])].map((c) => (
                  <option key={c}>{c}</option>
                ))}
              </select>
              <small className="muted" data-testid="calendar-source">
                {CALENDAR_SOURCE[v.calendarSource]}
              </small>
            </label>
          </div>
          {v.mappingFallback && (
            <div className={v.mappingFallback.chosen ? 'warn' : 'error-line'} data-testid="mapping-fallback">
              {mappingFallbackNotice(v.mappingFallback, v.format.hasHeader)}
            </div>
          )}
          {v.columns.length > 0 && (
            <div className="file-fields mapping">
              {v.columns.map((c, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: source columns are positional
                <label className="field" key={i}>
                  <span title={c}>{c || `#${i + 1}`}</span>
                  <select
                    value={fieldOf(v.mapping, i)}
                    onChange={(e) => onChange({ mapping: remap(v.mapping, i, e.target.value) })}
                  >
                    <option value="">ignore</option>
                    {BAR_FIELDS.map((f) => (
                      <option key={f}>{f}</option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
          )}
          <div className="muted">
            {v.inferredTimeframe ? `Bars look like ${v.inferredTimeframe}. ` : ''}
            {v.dateOrderAmbiguous ? 'Dates fit both day/month and month/day: pick the order. ' : ''}
            {v.series.conflicts.join(' ')}
          </div>
          {v.rows.length > 0 && (
            <table className="mini mono">
              <thead>
                <tr>
                  <th>ts (UTC)</th>
                  <th>open</th>
                  <th>high</th>
                  <th>low</th>
                  <th>close</th>
                  <th>volume</th>
                </tr>
              </thead>
              <tbody>
                {v.rows.slice(0, 5).map((r) => (
                  <tr key={r.ts}>
                    <td>{formatTs(r.ts)}</td>
                    <td>{r.open}</td>
                    <td>{r.high}</td>
                    <td>{r.low}</td>
                    <td>{r.close}</td>
                    <td>{r.volume}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {v.issues.length > 0 && (
            <details className="problems">
              <summary>{formatInt(v.issues.length)} problems in the sampled rows</summary>
              <pre>{v.issues.map((x) => problemLine(p.name, x)).join('\n')}</pre>
            </details>
          )}
        </>
      )}
      {p.importedBefore && (
        <div className="muted" data-testid="imported-before">
          These bytes were imported into {p.seriesId} on {formatTs(Date.parse(p.importedBefore))} with the
          same settings: they are left as they are unless you choose to import them again.
        </div>
      )}
      {p.existingBars > 0 && (
        <div className="muted">{formatInt(p.existingBars)} bars are already stored in this file's span.</div>
      )}
    </div>
  );
}

function fieldOf(mapping: Partial<Record<BarField, number>>, column: number): string {
  for (const [f, i] of Object.entries(mapping)) if (i === column) return f;
  return '';
}

/** Maps `column` to `field` (or to nothing), moving the field off any other column. */
export function remap(
  mapping: Partial<Record<BarField, number>>,
  column: number,
  field: string,
): Partial<Record<BarField, number>> {
  const next: Partial<Record<BarField, number>> = {};
  for (const [f, i] of Object.entries(mapping) as [BarField, number][])
    if (i !== column && f !== field) next[f] = i;
  if (field) next[field as BarField] = column;
  return next;
}

/** Where the series' calendar came from, in the user's words. */
const CALENDAR_SOURCE: Record<ImportPreview['calendarSource'], string> = {
  user: 'chosen by you',
  series: "the series' calendar",
  data: 'suggested by the bars',
};

/** Where the zone of naive timestamps came from, in the user's words. */
const ZONE_SOURCE: Record<ValueSource, string> = {
  user: 'chosen by you',
  preset: "the preset's zone",
  'file-name': 'from the file name',
  data: 'from the data',
  default: "the app's default zone",
};

/** The zone of naive timestamps: a name from the list or an offset as written (UTC+2 is east). */
function ZoneField(props: {
  value: string;
  source: ValueSource;
  invalid: boolean;
  onCommit(v: string): void;
}) {
  return (
    <label className={`field zone-field${props.invalid ? ' invalid' : ''}`}>
      <span>Time zone</span>
      <input
        defaultValue={props.value}
        key={props.value}
        list={ZONE_LIST_ID}
        aria-invalid={props.invalid}
        onBlur={(e) => e.target.value && e.target.value !== props.value && props.onCommit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
      {props.invalid ? (
        <small className="field-error" data-testid="zone-error">
          Not a time zone: pick one from the list, or write an offset like UTC+2 or -05:00.
        </small>
      ) : (
        <small className="muted" data-testid="zone-source">
          {ZONE_SOURCE[props.source]}
        </small>
      )}
    </label>
  );
}

/** Id of the one list of zone names the zone fields offer (ImportDialog renders it). */
export const ZONE_LIST_ID = 'import-zone-names';

let zoneNames: string[] | undefined;

/** Every zone name the browser knows, for the searchable list. */
export function ZoneList() {
  zoneNames ??= Intl.supportedValuesOf('timeZone');
  return (
    <datalist id={ZONE_LIST_ID}>
      {zoneNames.map((z) => (
        <option key={z} value={z} />
      ))}
    </datalist>
  );
}

function TextField({ label, value, onCommit }: { label: string; value: string; onCommit(v: string): void }) {
  return (
    <label className="field">
      <span>{label}</span>
      <input
        defaultValue={value}
        key={value}
        onBlur={(e) => e.target.value && e.target.value !== value && onCommit(e.target.value)}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
      />
    </label>
  );
}

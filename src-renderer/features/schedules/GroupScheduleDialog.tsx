import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { type Group, groupMatcher, type ScheduleView } from '../../../src-shared/domain/job-kinds/schedule';
import type { SeriesSummary } from '../../../src-shared/domain/series-views/availability';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatInt } from '../../lib/format';
import type { SeriesFilter } from '../../model/availability/view';
import { useSchedulesStore } from '../../stores/schedules';
import { useSeriesStore } from '../../stores/series';
import { useRuleForm } from './rule-form';
import { groupWords, ruleWords } from './rule-words';
import { ScheduleStatus } from './ScheduleStatus';
import './schedules.css';

const FIELDS = ['venue', 'symbol', 'timeframe', 'provider'] as const;
type Patterns = Record<(typeof FIELDS)[number], string>;

/**
 * The group a new group schedule starts from: the filters shown (venue, timeframe, and a one-word
 * search as a symbol pattern). The form shows the series it matches, so what is scheduled is what is seen.
 */
function patternsFromFilter(f: SeriesFilter): Patterns {
  const word = f.text.trim();
  return {
    venue: f.venue,
    timeframe: f.timeframe,
    symbol: /^[A-Za-z0-9._:/-]+$/.test(word) ? `*${word}*` : '',
    provider: '',
  };
}

function groupOf(name: string, p: Patterns): Group {
  const g: Group = { name: name.trim() };
  for (const k of FIELDS) if (p[k].trim()) g[k] = p[k].trim();
  return g;
}

/** The series as groups test them (provider null when none), built once per series list. */
type Members = {
  s: SeriesSummary;
  venue: string;
  symbol: string;
  timeframe: string;
  provider: string | null;
}[];
const membersOf = (series: readonly SeriesSummary[]): Members =>
  series.map((s) => ({
    s,
    venue: s.venue,
    symbol: s.symbol,
    timeframe: s.timeframe,
    provider: s.provider ?? null,
  }));

const matching = (members: Members, g: Group): SeriesSummary[] => {
  const test = groupMatcher(g);
  return members.filter(test).map((m) => m.s);
};

/** Group schedules: each with its filter, rule, next run and last outcome; made from the filters shown. */
export function GroupScheduleDialog({ onClose }: { onClose(): void }) {
  const { schedules, groups, load, removeGroup, error } = useSchedulesStore();
  const { series, filter } = useSeriesStore();
  const [editing, setEditing] = useState<ScheduleView | null>(null);
  useEffect(() => {
    void load();
  }, [load]);
  const members = useMemo(() => membersOf(series), [series]);
  // Each group's count once per series list or group change, not on every keystroke in the form.
  const counts = useMemo(
    () => new Map(groups.map((g) => [g, matching(members, g).length])),
    [members, groups],
  );
  const mine = schedules.filter((v) => 'group' in v.schedule.target);
  const groupOfView = (v: ScheduleView) =>
    groups.find((g) => 'group' in v.schedule.target && g.name === v.schedule.target.group);

  return (
    <div className="modal-backdrop">
      <div
        className="modal group-schedules"
        role="dialog"
        aria-label="Group schedules"
        data-testid="group-schedules"
      >
        <div className="modal-head">
          <h3>Group schedules</h3>
        </div>
        <div className="pad">
          {mine.length === 0 && <div className="muted">No group schedules yet.</div>}
          {mine.map((v) => {
            const g = groupOfView(v);
            return (
              <div
                key={v.schedule.id}
                className="schedule-row"
                data-testid="group-schedule-row"
                data-schedule-id={v.schedule.id}
              >
                <span className="schedule-rule">
                  {g?.name}: {ruleWords(v.schedule.rule)}
                </span>
                <span className="muted" data-testid="group-filter">
                  {g ? `${groupWords(g)} (${formatInt(counts.get(g) ?? 0)} series now)` : ''}
                </span>
                <ScheduleStatus view={v} />
                <button type="button" className="ghost" onClick={() => setEditing(v)}>
                  Edit
                </button>
                <button type="button" className="ghost" onClick={() => void removeGroup(v.schedule.id)}>
                  Remove
                </button>
              </div>
            );
          })}
          <GroupForm
            key={editing?.schedule.id ?? 'new'}
            editing={editing}
            group={editing ? groupOfView(editing) : undefined}
            initial={patternsFromFilter(filter)}
            members={members}
            onSaved={() => setEditing(null)}
          />
          <ErrorLine text={error} />
        </div>
        <div className="modal-foot">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>
  );
}

function GroupForm(props: {
  editing: ScheduleView | null;
  group: Group | undefined;
  initial: Patterns;
  members: Members;
  onSaved(): void;
}) {
  const { setGroup } = useSchedulesStore();
  const start = props.group;
  const [name, setName] = useState(start?.name ?? '');
  const [patterns, setPatterns] = useState<Patterns>(
    start ? { venue: '', symbol: '', timeframe: '', provider: '', ...start } : props.initial,
  );
  const form = useRuleForm(props.editing?.schedule.rule);
  const group = groupOf(name, patterns);
  // Typing stays responsive with 10,000 series: the list is filtered once per deferred pattern change.
  const shown = useDeferredValue(patterns);
  const matched = useMemo(() => matching(props.members, groupOf('', shown)), [props.members, shown]);
  const matchWords = useMemo(
    () =>
      `Matches ${formatInt(matched.length)} series now${matched.length ? `: ${matched.map((s) => s.id).join(', ')}` : ''}`,
    [matched],
  );
  const [calendar, setCalendar] = useState(
    props.editing?.schedule.rule.kind === 'session-close'
      ? props.editing.schedule.rule.calendar
      : (matched[0]?.calendar ?? ''),
  );
  const [formError, setFormError] = useState<string | null>(null);
  const save = async () => {
    const failed = await setGroup({
      ...(props.editing ? { id: props.editing.schedule.id } : {}),
      group,
      rule: form.rule(calendar),
    });
    setFormError(failed);
    if (!failed) props.onSaved();
  };

  return (
    <div className="group-form" data-testid="group-form">
      <span className="section-title">
        {props.editing ? `Edit ${props.editing.schedule.id}` : 'New group schedule'}
      </span>
      <div className="schedule-form">
        <input
          aria-label="Group name"
          placeholder="Group name"
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {FIELDS.map((k) => (
          <input
            key={k}
            aria-label={`Group ${k}`}
            placeholder={`${k} (any)`}
            value={patterns[k]}
            onChange={(e) => setPatterns({ ...patterns, [k]: e.target.value })}
          />
        ))}
      </div>
      <div className="muted" data-testid="group-matches">
        {matchWords}
      </div>
      <div className="schedule-form">
        {form.fields(
          calendar,
          <input aria-label="Calendar" value={calendar} onChange={(e) => setCalendar(e.target.value)} />,
        )}
        <button type="button" data-testid="save-group-schedule" onClick={() => void save()}>
          {props.editing ? 'Save group schedule' : 'Schedule this group'}
        </button>
      </div>
      <ErrorLine text={formError} />
    </div>
  );
}

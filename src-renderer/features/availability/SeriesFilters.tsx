import { lazy, useMemo } from 'react';
import { DialogButton } from '../../lib/DialogButton';
import { formatInt } from '../../lib/format';
import { distinct, filterSeries } from '../../model/availability/view';
import { useSeriesStore } from '../../stores/series';
import { UpdateSeries } from '../keep-current/UpdateSeries';

const GroupScheduleDialog = lazy(() =>
  import('../schedules/GroupScheduleDialog').then((m) => ({ default: m.GroupScheduleDialog })),
);

import './availability.css';

export function SeriesFilters() {
  const { series, filter, setFilter, health } = useSeriesStore();
  const venues = useMemo(() => distinct(series, 'venue'), [series]);
  const timeframes = useMemo(() => distinct(series, 'timeframe'), [series]);
  const shownIds = useMemo(
    () => filterSeries(series, filter, (id) => id in health).map((s) => s.id),
    [series, filter, health],
  );
  const shown = shownIds.length;
  const attention = Object.keys(health).length;
  return (
    <div className="filters">
      <input
        type="search"
        className="search"
        placeholder="Search venue, symbol, timeframe…"
        aria-label="Search series"
        value={filter.text}
        onChange={(e) => setFilter({ text: e.target.value })}
      />
      <select aria-label="Venue" value={filter.venue} onChange={(e) => setFilter({ venue: e.target.value })}>
        <option value="">All venues</option>
        {venues.map((v) => (
          <option key={v}>{v}</option>
        ))}
      </select>
      <select
        aria-label="Timeframe"
        value={filter.timeframe}
        onChange={(e) => setFilter({ timeframe: e.target.value })}
      >
        <option value="">All timeframes</option>
        {timeframes.map((t) => (
          <option key={t}>{t}</option>
        ))}
      </select>
      <label className="check">
        <input
          type="checkbox"
          checked={filter.gapsOnly}
          onChange={(e) => setFilter({ gapsOnly: e.target.checked })}
        />
        Has gaps
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={filter.qualityOnly}
          onChange={(e) => setFilter({ qualityOnly: e.target.checked })}
        />
        Has quality findings
      </label>
      <label className="check" title="Stale, failing, stalled or with parked ranges (barcat health)">
        <input
          type="checkbox"
          checked={filter.attentionOnly}
          onChange={(e) => setFilter({ attentionOnly: e.target.checked })}
          data-testid="attention-filter"
        />
        Needs attention{attention > 0 ? ` (${formatInt(attention)})` : ''}
      </label>
      <span className="count mono" data-testid="series-count">
        {shown === series.length
          ? `${formatInt(series.length)} series`
          : `${formatInt(shown)} of ${formatInt(series.length)} series`}
      </span>
      {/* The filtered series are the selection "Update to now" and "Extend history" act on. */}
      {shown > 0 && shown < series.length && (
        <UpdateSeries key={shownIds.join()} ids={shownIds} scope="shown" />
      )}
      {/* A group schedule starts from the filters shown. */}
      <DialogButton
        text="Group schedules…"
        testId="open-group-schedules"
        className="ghost"
        dialog={(close) => <GroupScheduleDialog onClose={close} />}
      />
    </div>
  );
}

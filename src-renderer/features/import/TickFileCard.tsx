import type { ImportFilePreview } from '../../../src-shared/contract';
import type { TickChoices, TickFormat, TickPrice, TicksMode } from '../../../src-shared/domain/ticks';
import type { Timeframe } from '../../../src-shared/domain/timeframe';
import { ErrorLine } from '../../lib/ErrorLine';
import { formatTs } from '../../lib/format';
import { TimeframeField } from './TimeframeField';
import './import.css';

const MODES: [TicksMode, string][] = [
  ['keep', 'keep the ticks'],
  ['bars', 'build bars'],
  ['both', 'both'],
];

const FORMAT_WORDS: Record<TickFormat, string> = {
  dukascopy: 'Dukascopy export',
  histdata: 'HistData ASCII ticks',
  'binance-trades': 'Binance trades',
  'binance-aggtrades': 'Binance aggTrades',
  truefx: 'TrueFX',
  generic: 'mapped CSV',
};

interface Props {
  p: ImportFilePreview;
  /** What the user chose on this card so far (the plan shows what was detected for the rest). */
  choices: TickChoices | undefined;
  refreshing: boolean;
  onChoose(c: TickChoices): void;
  onRemove(): void;
}

/** A tick file of the import: its detected layout, first ticks, and what to keep or build from it. */
export function TickFileCard({ p, choices, refreshing, onChoose, onRemove }: Props) {
  const card = p.tick!;
  const plan = card.plan;
  const chosen: TickChoices = choices ?? { ticks: plan.ticks };
  const prices: TickPrice[] = plan.kind === 'quotes' ? ['mid', 'bid', 'ask'] : ['last'];
  const price = chosen.price ?? plan.price ?? prices[0]!;
  const builds = chosen.ticks !== 'keep';
  const tickId = `${plan.venue}:${plan.symbol}:${plan.kind}`;
  // Bars without a timeframe are told here in words; any other refusal is main's sentence.
  const error = builds && !chosen.timeframe ? 'Choose the timeframe of the bars (1s or longer).' : p.error;
  // A card whose new choices are still being planned is not ready: its plan is the previous one.
  const ready = p.ok && error === null && !refreshing;
  return (
    <div
      className={`file-card${p.ok ? '' : ' bad'}${refreshing ? ' busy' : ''}`}
      data-testid="tick-file-card"
    >
      <div className="file-head">
        <b className="mono">{p.name}</b>
        <span className={`badge ${ready ? 'done' : 'failed'}`}>{ready ? 'ready' : 'needs attention'}</span>
        <span className="mono" data-testid="tick-card-series">
          → {chosen.ticks === 'bars' ? '' : tickId}
          {builds && ready && plan.timeframe
            ? `${chosen.ticks === 'both' ? ' and ' : ''}${plan.venue}:${plan.symbol}:${plan.timeframe}`
            : ''}
        </span>
        <span className="spacer" />
        <button type="button" className="ghost" onClick={onRemove}>
          Remove
        </button>
      </div>
      <ErrorLine text={error} />
      <div className="muted" data-testid="tick-card-detected">
        {FORMAT_WORDS[plan.format]}: {plan.kind} (
        {plan.kind === 'quotes' ? 'bid and ask' : 'trade price and size'}), times {plan.time} in {plan.tz}
      </div>
      <div className="file-fields">
        <fieldset className="field tick-modes">
          <legend>Ticks</legend>
          {MODES.map(([m, words]) => (
            <label key={m}>
              <input
                type="radio"
                name={`ticks-${p.path}-${p.member ?? ''}`}
                value={m}
                checked={chosen.ticks === m}
                onChange={() => onChoose({ ...chosen, ticks: m })}
              />
              {words}
            </label>
          ))}
        </fieldset>
        {builds && (
          <>
            <label className="field">
              <span>Price</span>
              <select
                value={price}
                onChange={(e) => onChoose({ ...chosen, price: e.target.value as TickPrice })}
                data-testid="tick-price"
              >
                {prices.map((x) => (
                  <option key={x}>{x}</option>
                ))}
              </select>
            </label>
            <TimeframeField
              value={(chosen.timeframe as Timeframe | undefined) ?? null}
              onCommit={(timeframe) => onChoose({ ...chosen, price, timeframe })}
            />
          </>
        )}
      </div>
      {card.rows.length > 0 && (
        <table className="mini mono" data-testid="tick-sample">
          <thead>
            <tr>
              <th>ts (UTC)</th>
              {card.columns.map((c) => (
                <th key={c}>{c}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {card.rows.map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: ticks may share a time; rows are positional
              <tr key={i}>
                <td>{formatTs(r.ts)}</td>
                {r.values.map((v, j) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: values are positional, as the columns
                  <td key={j}>{v ?? '–'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

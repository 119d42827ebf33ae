// The tick import's usage and options, apart from its code so the CLI's start-up loads none of it.
import { stringOptions } from './io/option-groups';

export const TICK_USAGE =
  'import FILE|DIR... --ticks keep|bars|both [--price bid|ask|mid|last] [--timeframe TF] [--venue V] [--symbol S] [--tick-format dukascopy|histdata|binance-trades|binance-aggtrades|truefx|generic] [--tick-columns ts=…,bid=…,ask=…] [--tz ZONE] [--tolerance-ms N] [--tick-plan PLAN.json] [--mode skip|overwrite|merge] [--on-error reject|skip] [--dry-run] [--force] [--json]';

/** The import command's options that only tick imports read. */
export const TICK_OPTIONS = stringOptions(
  'ticks',
  'price',
  'tick-format',
  'tick-columns',
  'tolerance-ms',
  'tick-plan',
);

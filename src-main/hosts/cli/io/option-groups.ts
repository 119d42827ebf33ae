// Flags several commands take, named once: each command's table spreads the groups it reads (as it
// does CREATE_OPTION and IB_OPTIONS), so a shared flag is spelled and typed in one place. No imports,
// so the CLI's start-up loads nothing more.

/**
 * Flags that each take one value, as parseArgs wants them declared: most of a command's table is
 * these, so it lists their names instead of one `{ type: 'string' }` line each.
 */
export function stringOptions<const K extends string>(...names: K[]): Record<K, { type: 'string' }> {
  return Object.fromEntries(names.map((name) => [name, { type: 'string' }])) as Record<K, { type: 'string' }>;
}

/** --from/--to: the span of time a command reads, checks or fetches. */
export const SPAN_OPTIONS = stringOptions('from', 'to');

/** --years/--months: the ranges of years and months (Y1-Y2, M1-M2) a command keeps. */
export const YEARS_MONTHS_OPTIONS = stringOptions('years', 'months');
/** How a usage line words YEARS_MONTHS_OPTIONS. */
export const YEARS_MONTHS_USAGE = '[--years Y1-Y2] [--months M1-M2]';

/** --base-url/--rate: where a provider is asked, and how many requests a second it is sent. */
export const PROVIDER_OPTIONS = stringOptions('base-url', 'rate');

/** --all: every series of the catalog the command can act on, instead of the ones named. */
export const ALL_OPTION = { all: { type: 'boolean', default: false } } as const;

/** --all-history: back to the first bar the provider has, instead of a start (--from for add, --extend-to for update). */
export const ALL_HISTORY_OPTION = { 'all-history': { type: 'boolean', default: false } } as const;

/** --yes: the user's go-ahead for what removes data for good or moves it to the trash. */
export const YES_OPTION = { yes: { type: 'boolean', default: false } } as const;

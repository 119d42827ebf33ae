// Flags several commands take, named once: each command's table spreads the groups it reads (as it
// does CREATE_OPTION and IB_OPTIONS), so a shared flag is spelled and typed in one place. No imports,
// so the CLI's start-up loads nothing more.

/** --from/--to: the span of time a command reads, checks or fetches. */
export const SPAN_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
} as const;

/** --years/--months: the ranges of years and months (Y1-Y2, M1-M2) a command keeps. */
export const YEARS_MONTHS_OPTIONS = {
  years: { type: 'string' },
  months: { type: 'string' },
} as const;

/** --base-url/--rate: where a provider is asked, and how many requests a second it is sent. */
export const PROVIDER_OPTIONS = {
  'base-url': { type: 'string' },
  rate: { type: 'string' },
} as const;

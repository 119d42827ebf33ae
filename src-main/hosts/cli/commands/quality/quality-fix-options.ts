import { stringOptions } from '../../io/option-groups';

/** Options of `barcat quality SERIES review|unreview|drop|refetch ID` (quality-fix.ts). */
export const FIX_OPTIONS = {
  ...stringOptions('note', 'reason', 'base-url'),
  accept: { type: 'boolean', default: false },
} as const;

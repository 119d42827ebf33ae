/** Options of `barcat quality SERIES review|unreview|drop|refetch ID` (quality-fix.ts). */
export const FIX_OPTIONS = {
  note: { type: 'string' },
  reason: { type: 'string' },
  accept: { type: 'boolean', default: false },
  'base-url': { type: 'string' },
} as const;

import { isTimeframe, TIMEFRAMES } from '../../../src-shared/domain/timeframe';
import { BarcatError } from '../../plumbing/errors';
import type { ResampleRequest } from './read';

/** --timeframe/--align/--complete-only/--fill as a resample request; undefined without --timeframe. */
export function parseResampleArgs(values: Record<string, unknown>): ResampleRequest | undefined {
  const tf = values.timeframe;
  const align = values.align === undefined ? 'utc' : String(values.align);
  if (align !== 'utc' && align !== 'session')
    throw new BarcatError('USAGE', `--align "${align}" is not one of utc, session`);
  if (tf === undefined) {
    for (const flag of ['align', 'complete-only', 'fill'])
      if (values[flag] !== undefined && values[flag] !== false)
        throw new BarcatError('USAGE', `--${flag} only applies with --timeframe TF (resampling)`);
    return undefined;
  }
  const timeframe = String(tf);
  if (!isTimeframe(timeframe))
    throw new BarcatError('USAGE', `--timeframe "${timeframe}" is not one of ${TIMEFRAMES.join(' ')}`);
  return { timeframe, align, completeOnly: values['complete-only'] === true, fill: values.fill === true };
}

/** The options every command that resamples takes. */
export const RESAMPLE_OPTIONS = {
  timeframe: { type: 'string' },
  align: { type: 'string' },
  'complete-only': { type: 'boolean' },
  fill: { type: 'boolean' },
} as const;

/** How a usage line words RESAMPLE_OPTIONS. */
export const RESAMPLE_USAGE = '[--timeframe TF [--align utc|session] [--complete-only] [--fill]]';

import {
  DEFAULT_TS_LIMITS,
  parseBarYears,
  type TsLimits,
  tsLimitsOfYears,
} from '../../../src-shared/domain/bar';
import { BarcatError } from '../../plumbing/errors';

/** The allowed bar times: BARCAT_YEARS (e.g. 1800-2300) when set, else 1900-2200. */
export function tsLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): TsLimits {
  const text = env.BARCAT_YEARS;
  if (text === undefined || text.trim() === '') return DEFAULT_TS_LIMITS;
  const years = parseBarYears(text);
  if (typeof years === 'string') throw new BarcatError('USAGE', `BARCAT_YEARS: ${years}`);
  return tsLimitsOfYears(years);
}

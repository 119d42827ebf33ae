import { parseSeriesId, type SeriesKey } from '../../../src-shared/domain/series';
import { BarcatError } from '../../plumbing/errors';

/** A series id from a request as a key; a malformed one is BAD_INPUT with the parser's words. */
export function keyOf(id: string): SeriesKey {
  try {
    return parseSeriesId(id);
  } catch (err) {
    throw new BarcatError('BAD_INPUT', (err as Error).message);
  }
}

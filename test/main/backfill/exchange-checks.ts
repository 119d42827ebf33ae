import { expect, it } from 'vitest';
import { providerFor } from '../../../src-main/engines/backfill/series-provider';
import { parseSeriesId } from '../../../src-shared/domain/series';
import type { Reply } from '../../helpers/provider-server/index';
import type { providerFixture } from './helpers';

type Range = { from: number; to: number };

/** One exchange provider's data for the checks every exchange family passes. */
export interface ExchangeCases {
  /** A series the source has and a range it has no bars in. */
  empty: [series: string, hole: Range];
  /** A series the provider cannot serve, and the words it is refused with at start. */
  refused: [series: string, range: Range, message: string];
  /**
   * A symbol the source does not know: the shape of its refusal (named in the title), the words it is
   * parked with and the statuses the stand-in sent.
   */
  unknown: [name: string, series: string, range: Range, message: string, statuses: number[]];
  /** The source's rate-limit replies to the first request (named in the title), each waited out. */
  rateLimits: [name: string, reply: Reply, series: string, range: Range][];
}

/**
 * The tests bybit, okx, coinbase and kraken each ran with the same steps, on providerFixture `f` and the
 * provider's own `cases`: one body, so every exchange family is held to the same checks.
 */
export function exchangeProviderTests(f: ReturnType<typeof providerFixture>, cases: ExchangeCases): void {
  // The venue of the provider's own series is the one it is the default for.
  const { venue } = parseSeriesId(cases.empty[0]);
  it(`is the ${venue} venue default`, () => {
    expect(providerFor(venue)).toBe(f.provider);
  });

  it(`an empty range of ${cases.empty[0]} is recorded as checked-empty`, async () => {
    await f.expectCheckedEmpty(...cases.empty);
  });

  it(`${cases.refused[0]} is refused, naming the bars the source has; nothing is sent`, async () => {
    await f.expectRefused(...cases.refused);
  });

  const [refusal, ...unknown] = cases.unknown;
  it(`an unknown symbol ${unknown[0]} (${refusal}) is parked as refused for good, without retry`, async () => {
    await f.expectParkedForGood(...unknown);
  });

  it.each(cases.rateLimits)(
    'a rate limit (%s) is waited out, then every bar arrives',
    async (_, reply, series, range) => {
      await f.expectWaitedOut(reply, series, range.from, range.to);
    },
  );
}

import { afterEach, beforeEach } from 'vitest';
import { closeTws, startTws } from '../../helpers/tws/session';
import type { TwsStandIn } from '../../helpers/tws/stand-in';
import { cliAt } from './cli-io';
import { tempCatalog } from './helpers';

/**
 * A TWS stand-in started with `options` and a temp catalog for each test of the describe block, closed
 * after it (the IB sessions the test opened first); `cli` runs `barcat` through both.
 */
export function twsAndCatalog(options: Parameters<typeof startTws>[0], clientId = 0) {
  const f = {
    tws: undefined as unknown as TwsStandIn,
    cat: undefined as unknown as Awaited<ReturnType<typeof tempCatalog>>,
  };
  beforeEach(async () => {
    f.tws = await startTws(options);
    f.cat = await tempCatalog();
  });
  afterEach(() => closeTws(f.tws, f.cat));
  /** `barcat ARGS` at `now`, reaching the stand-in as IB client `clientId`, on the test catalog. */
  const cli = (now: number, args: string[]) =>
    cliAt(now, [
      ...args,
      '--ib-host',
      '127.0.0.1',
      '--ib-port',
      String(f.tws.port),
      '--ib-client-id',
      String(clientId),
      '--catalog',
      f.cat.dir,
    ]);
  return Object.assign(f, { cli });
}

import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { takeUpdateLock } from '../../../src-main/engines/backfill/keep-current/update-lock';
import { sharedSettingsPath } from '../../../src-main/engines/schedule/settings-file';
import { scheduleStatePath } from '../../../src-main/engines/schedule/state-file';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { cliAt } from '../backfill/cli-io';
import { DAY, HOUR, MIN, serverAndCatalog, T0 } from '../backfill/helpers';

const BTC = parseSeriesId('BINANCE:BTCUSDT:1h');
const ETH = parseSeriesId('BINANCE:ETHUSDT:1h');
const NOW1 = T0 + 2 * DAY + 30 * MIN;
const iso = (t: number) => new Date(t).toISOString().replace(/:00\.000Z$/, 'Z');

describe('keep current from the CLI: settings file, groups, schedules, dead-letter', () => {
  let now = NOW1;
  beforeEach(() => {
    now = NOW1;
  });
  const f = serverAndCatalog(() => now, {
    symbols: ['BTCUSDT', 'ETHUSDT'],
    listedFrom: { BTCUSDT: T0, ETHUSDT: T0 },
  });

  /** barcat without --base-url: the base URL comes from the catalog's settings file. */
  const barcat = (args: string[]) => cliAt(now, [...args, '--catalog', f.cat.dir]);
  const klines = () => f.server.requests.filter((r) => r.path === '/api/v3/klines');
  const settings = (value: unknown) => writeFile(sharedSettingsPath(f.cat.dir), JSON.stringify(value));
  const addBoth = async () => {
    for (const s of ['BTCUSDT', 'ETHUSDT']) {
      const r = await cliAt(now, [
        'add',
        `binance-spot:${s}`,
        '--timeframe',
        '1h',
        '--from',
        '2024-03-05',
        '--base-url',
        f.server.url,
        '--catalog',
        f.cat.dir,
      ]);
      expect(r.code).toBe(0);
    }
  };

  it('a bad settings file is refused naming the file and each bad key', async () => {
    await settings({
      version: 1,
      providers: { 'binance-spot': { baseUrl: 'ftp://x', keyEnv: 'my key' } },
      schedules: [
        {
          id: 'a',
          target: { series: 'BINANCE:BTCUSDT:1h' },
          rule: { kind: 'daily', at: '25:00', timeZone: 'Mars/Olympus' },
          createdAt: 0,
        },
        { id: 'b', target: { group: 'nope' }, rule: { kind: 'every', minutes: 0 }, createdAt: 0 },
      ],
    });
    const r = await barcat(['schedule', 'list']);
    expect(r.code).toBe(2);
    const file = sharedSettingsPath(f.cat.dir);
    expect(r.err).toBe(
      `barcat: ${file}: providers.binance-spot.baseUrl: Invalid URL; ` +
        'providers.binance-spot.keyEnv: an environment variable name such as BARCAT_POLYGON_KEY; ' +
        'schedules.0.rule.at: must be HH:MM (24-hour), e.g. 18:05; ' +
        'schedules.0.rule.timeZone: not a known IANA time zone; use a name such as America/New_York or UTC; ' +
        'schedules.1.rule.minutes: Too small: expected number to be >=1; ' +
        'schedules.1.target.group: no group "nope"\n',
    );
    // The same check stops an update before anything is fetched.
    const u = await barcat(['update', '--all']);
    expect([u.code, u.err.split(': ').slice(0, 3).join(': ')]).toEqual([
      2,
      `barcat: ${file}: providers.binance-spot.baseUrl`,
    ]);
    await settings({
      version: 1,
      schedules: [{ id: 'b', target: { group: 'nope' }, rule: { kind: 'every', minutes: 5 }, createdAt: 0 }],
    });
    expect((await barcat(['schedule', 'list'])).err).toBe(
      `barcat: ${file}: schedules.0.target.group: no group "nope"\n`,
    );
    // A key written into the file itself is refused, and never echoed.
    await settings({ version: 1, providers: { polygon: { apiKey: 'sk-live-123' } } });
    const key = await barcat(['schedule', 'list']);
    expect(key.err).toBe(`barcat: ${file}: providers.polygon: Unrecognized key: "apiKey"\n`);
    // A damaged state file is named, never silently dropped.
    await settings({ version: 1 });
    await mkdir(path.dirname(scheduleStatePath(f.cat.dir)), { recursive: true });
    await writeFile(scheduleStatePath(f.cat.dir), '{"x": 1');
    const st = await barcat(['schedule', 'list']);
    expect(st.code).toBe(1);
    // The JSON error's own words differ between Node versions.
    expect(st.err.startsWith(`barcat: ${scheduleStatePath(f.cat.dir)} cannot be read (`)).toBe(true);
    expect(st.err.endsWith('); move it away to start every schedule afresh (each then runs once)\n')).toBe(
      true,
    );
    await writeFile(file, '{"version": 1,');
    expect((await barcat(['schedule', 'list'])).err).toMatch(
      new RegExp(`^barcat: ${file}: not valid JSON \\(`),
    );
  });

  it('update --group updates the series its filter matches, with the base URL of the settings file', async () => {
    await addBoth();
    await settings({ version: 1, providers: { 'binance-spot': { baseUrl: f.server.url } } });
    expect((await barcat(['group', 'add', 'btc', '--symbol', 'btc*', '--provider', 'binance-*'])).out).toBe(
      'added group btc\n',
    );
    expect((await barcat(['group', 'list'])).out).toBe('btc  symbol=btc* provider=binance-*\n');
    now = NOW1 + HOUR;
    const r = await barcat(['update', '--group', 'btc']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^BINANCE:BTCUSDT:1h done 2024-03-06T00:00:00Z \.\. 2024-03-06T01:00:00Z, 1 bars written, job bf-\S+\n$/,
    );
    expect((await f.cat.catalog.availability(BTC)).last).toBe(T0 + 2 * DAY);
    expect((await f.cat.catalog.availability(ETH)).last).toBe(T0 + 2 * DAY - HOUR);
    const unknown = await barcat(['update', '--group', 'nope']);
    expect([unknown.code, unknown.err]).toEqual([
      1,
      'barcat: no group "nope"; "barcat group list" shows the groups, "barcat group add" makes one\n',
    ]);
    // --base-url overrides the file: a dead URL in the file, the stand-in on the command line.
    await settings({
      version: 1,
      providers: { 'binance-spot': { baseUrl: 'http://127.0.0.1:9' } },
      groups: [{ name: 'btc', symbol: 'BTC*' }],
    });
    now = NOW1 + 2 * HOUR;
    const o = await cliAt(now, [
      'update',
      '--group',
      'btc',
      '--base-url',
      f.server.url,
      '--catalog',
      f.cat.dir,
    ]);
    expect(o.out).toMatch(/^BINANCE:BTCUSDT:1h done .*, 1 bars written/);
    // --provider overrides the series' provider (its base URL from the file too).
    await settings({ version: 1, providers: { 'binance-futures': { baseUrl: f.server.url } }, groups: [] });
    now = NOW1 + 3 * HOUR;
    const futures = await barcat(['update', 'BINANCE:BTCUSDT:1h', '--provider', 'binance-futures']);
    expect([futures.code, f.server.requests.at(-1)?.path]).toEqual([0, '/fapi/v1/klines']);
    const bad = await barcat(['update', '--all', '--provider', 'nope']);
    expect(bad.err).toMatch(/^barcat: --provider must be one of binance-spot, binance-futures, /);
  });

  it('schedule run-due: runs what is due once, is idempotent, catches up once after a sleep, never overlaps', async () => {
    await addBoth();
    await settings({ version: 1, providers: { 'binance-spot': { baseUrl: f.server.url } } });
    await barcat(['group', 'add', 'binance', '--venue', 'BINANCE']);
    const add = await barcat(['schedule', 'add', '--group', 'binance', '--every', '60']);
    expect(add.out).toBe(`added binance  group binance  every 60 min  next ${iso(NOW1)}, never run\n`);
    // Created at NOW1: an "every" schedule runs first when set; both series are up to date at NOW1.
    const first = await barcat(['schedule', 'run-due']);
    expect([first.code, first.out]).toEqual([0, 'binance ok: 2 series\n']);
    expect(klines().length).toBe(2);
    const again = await barcat(['schedule', 'run-due']);
    expect([again.code, again.out]).toEqual([0, 'no schedule is due\n']);
    // Asleep for ten hours: ten slots were missed, one run catches up.
    now = NOW1 + 10 * HOUR;
    const woke = await barcat(['schedule', 'run-due', '--json']);
    const runs = JSON.parse(woke.out) as {
      id: string;
      outcomes: { status: string; job: { progress: { barsWritten: number } } }[];
    }[];
    expect(runs.map((r) => [r.id, r.outcomes.map((o) => [o.status, o.job.progress.barsWritten])])).toEqual([
      [
        'binance',
        [
          ['done', 10],
          ['done', 10],
        ],
      ],
    ]);
    expect((await barcat(['schedule', 'run-due'])).out).toBe('no schedule is due\n');
    expect((await barcat(['schedule', 'list'])).out).toBe(
      `binance  group binance  every 60 min  next ${iso(now + HOUR)}, last ok ${iso(now)}\n`,
    );
    // An update holding the catalog: with nothing due, run-due does not need the lock (exit 0);
    // with a run due it waits for nothing, says so, fetches nothing.
    const release = await takeUpdateLock(f.cat.dir);
    const sent = klines().length;
    try {
      expect((await barcat(['schedule', 'run-due'])).out).toBe('no schedule is due\n');
      now += 2 * HOUR;
      const locked = await barcat(['schedule', 'run-due']);
      expect([locked.code, locked.err]).toEqual([
        2,
        `barcat: another "barcat update" is running on this catalog (pid ${process.pid}); wait for it to finish, then run again\n`,
      ]);
    } finally {
      await release();
    }
    expect(klines().length).toBe(sent);
    expect((await barcat(['schedule', 'remove', 'binance'])).out).toBe('removed schedule binance\n');
    expect((await barcat(['schedule', 'list'])).out).toBe('no schedules; "barcat schedule add" sets one\n');
  });

  it('a schedule that keeps failing backs off and lands in the dead-letter list with its parked ranges; retry-dead clears both', async () => {
    await addBoth();
    await settings({ version: 1, providers: { 'binance-spot': { baseUrl: f.server.url } } });
    await barcat(['schedule', 'add', 'BINANCE:BTCUSDT:1h', '--every', '1', '--id', 'btc']);
    f.server.inject({ kind: '500', times: 10_000, pathPrefix: '/api/v3/klines' });
    const waits: string[] = [];
    for (let i = 0; i < 3; i++) {
      now += HOUR;
      const r = await barcat(['schedule', 'run-due']);
      expect(r.code).toBe(3);
      waits.push(r.out.split('\n')[1]!);
      // Backing off: not due again a minute later.
      now += MIN;
      expect((await barcat(['schedule', 'run-due'])).out).toBe('no schedule is due\n');
      now -= MIN;
    }
    expect(waits).toEqual([
      `  backing off until ${iso(NOW1 + HOUR + 5 * MIN)} (failed runs in a row: 1)`,
      `  backing off until ${iso(NOW1 + 2 * HOUR + 10 * MIN)} (failed runs in a row: 2)`,
      `  backing off until ${iso(NOW1 + 3 * HOUR + 20 * MIN)} (failed runs in a row: 3)`,
    ]);
    const reason =
      'BINANCE:BTCUSDT:1h failed: HTTP 500 server error: An unknown error occurred while processing the request. (code -1000) (gave up after 5 attempts); 1 requests parked (retry with "barcat jobs retry ID")';
    expect((await barcat(['schedule', 'list'])).out.replace(/bf-[\w-]+/, 'ID')).toBe(
      `btc  BINANCE:BTCUSDT:1h  every 1 min  next ${iso(NOW1 + 3 * HOUR + 20 * MIN)}, last failed ${iso(NOW1 + 3 * HOUR)}, backing off (failed runs in a row: 3) until ${iso(NOW1 + 3 * HOUR + 20 * MIN)} [dead-letter]: ${reason}\n`,
    );
    const dead = JSON.parse((await barcat(['jobs', 'dead-letter', '--json'])).out) as {
      kind: string;
      id: string;
      series: string[];
      count: number;
      permanent: boolean;
    }[];
    expect(dead.map((d) => [d.kind, d.series, d.count, d.permanent])).toEqual([
      ['schedule', ['BINANCE:BTCUSDT:1h'], 3, false],
      ['parked', ['BINANCE:BTCUSDT:1h'], 1, false],
      ['parked', ['BINANCE:BTCUSDT:1h'], 1, false],
      ['parked', ['BINANCE:BTCUSDT:1h'], 1, false],
    ]);
    expect((await barcat(['jobs', 'dead-letter'])).out.split('\n')[0]!.replace(/bf-[\w-]+/, 'ID')).toBe(
      `schedule btc BINANCE:BTCUSDT:1h: failed runs in a row: 3; ${reason}`,
    );
    f.server.clearFaults();
    const retried = await barcat(['jobs', 'retry-dead']);
    expect(retried.code).toBe(0);
    expect(
      retried.out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.replace(/bf-\S+/, 'ID')),
    ).toEqual(['parked ID done', 'parked ID done', 'parked ID done', 'schedule btc ok']);
    expect((await barcat(['jobs', 'dead-letter'])).out).toBe('dead-letter list is empty\n');
    expect((await f.cat.catalog.availability(BTC)).last).toBe(now - HOUR - 30 * MIN);
  });
});

import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { cli } from '../../main/catalog/cli-io';
import { minuteBars, T0, tempDir } from '../../main/catalog/helpers';

// Hardening item 14: series names Windows cannot store are refused by the one series-id validation,
// so a catalog made on Linux or macOS still opens on Windows.

const RESERVED = (what: string, part: string) =>
  `${what} "${part}" is a device name Windows reserves (CON, PRN, AUX, NUL, COM1-9, LPT1-9, with or without an extension); choose another name`;

describe('series names invalid on Windows', () => {
  for (const [id, part] of [
    ['BINANCE:CON:1m', 'CON'],
    ['BINANCE:prn:1m', 'PRN'],
    ['aux:BTCUSDT:1h', 'AUX'],
    ['BINANCE:Nul.txt:1d', 'NUL.TXT'],
    ['BINANCE:com1:1m', 'COM1'],
    ['BINANCE:COM9.X:1m', 'COM9.X'],
    ['lpt1:BTCUSDT:1m', 'LPT1'],
    ['BINANCE:LPT9.tar.gz:1m', 'LPT9.TAR.GZ'],
  ] as const) {
    it(`refuses ${id}`, () => {
      const what = id.split(':')[0]!.toUpperCase() === part ? 'venue' : 'symbol';
      expect(() => parseSeriesId(id)).toThrow(`series id "${id}": ${RESERVED(what, part)}`);
    });
  }

  it('refuses a trailing dot, and a trailing space is trimmed', () => {
    expect(() => parseSeriesId('BINANCE:BTC.:1m')).toThrow(
      'series id "BINANCE:BTC.:1m": symbol "BTC." ends with a dot, which Windows drops from file names; remove it',
    );
    expect(parseSeriesId('BINANCE:BTC :1m')).toEqual({ venue: 'BINANCE', symbol: 'BTC', timeframe: '1m' });
  });

  it('keeps names that only look alike', () => {
    for (const id of [
      'BINANCE:CONX:1m',
      'BINANCE:COM10:1m',
      'BINANCE:LPT0:1m',
      'BINANCE:NULL:1m',
      'X:A.CON:1m',
    ])
      expect(() => parseSeriesId(id)).not.toThrow();
  });

  it('catalog.write and barcat write refuse them before touching the disk', async () => {
    const { dir, cleanup } = tempDir('barcat-hard-names-');
    try {
      const catalog = await openCatalog(dir, { create: true });
      try {
        await expect(
          catalog.write(
            { venue: 'BINANCE', symbol: 'aux', timeframe: '1m' },
            batchFromBars(minuteBars(T0, 2)),
            'merge',
          ),
        ).rejects.toThrow(`invalid series: ${RESERVED('symbol', 'AUX')}`);
      } finally {
        await catalog.close();
      }
      const r = await cli(['write', 'NUL:BTCUSDT:1m', '--mode', 'merge', '-', '--catalog', dir], {
        stdin: 'ts,open,high,low,close,volume\n',
      });
      expect(r).toMatchObject({
        code: 2,
        stderr: `barcat: series id "NUL:BTCUSDT:1m": ${RESERVED('venue', 'NUL')}\n`,
      });
      expect(existsSync(path.join(dir, 'bars', 'venue=NUL'))).toBe(false);
      expect(existsSync(path.join(dir, 'bars', 'venue=BINANCE'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});

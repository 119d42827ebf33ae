import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import { cli } from '../cli-io';
import { tempDirEach } from '../helpers';

describe('barcat write: dates the calendar lacks', () => {
  let cat: string;
  const tmp = tempDirEach('barcat-write-dates-');
  beforeEach(async () => {
    cat = path.join(tmp(), 'cat');
    await (await openCatalog(cat)).close();
  });

  it('refuses 2024-02-30 with its line and column instead of rolling it over to 1 March', async () => {
    const r = await cli(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', '-', '--catalog', cat], {
      stdin: [
        'ts,open,high,low,close,volume',
        '2024-02-29T23:59:00Z,1,2,0.5,1.5,10',
        '2024-02-30T00:00:00Z,1,2,0.5,1.5,10',
        '',
      ].join('\n'),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'barcat: stdin line 3 column 1 (ts): "2024-02-30T00:00:00Z" is no date (February 2024 has 29 days); fix the date\n',
    );
    const list = await cli(['list', '--json', '--catalog', cat]);
    expect(JSON.parse(list.stdout)).toEqual([]);
  });

  it('refuses 2023-04-31 written with a space and an offset, and takes 2024-02-29', async () => {
    let r = await cli(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', '-', '--catalog', cat], {
      stdin: 'ts,open,high,low,close,volume\n2023-04-31 10:00:00+02:00,1,2,0.5,1.5,10\n',
    });
    expect(r.stderr).toBe(
      'barcat: stdin line 2 column 1 (ts): "2023-04-31 10:00:00+02:00" is no date (April 2023 has 30 days); fix the date\n',
    );
    r = await cli(['write', 'BINANCE:BTCUSDT:1m', '--mode', 'merge', '-', '--catalog', cat], {
      stdin: 'ts,open,high,low,close,volume\n2024-02-29T00:00:00Z,1,2,0.5,1.5,10\n',
    });
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });
});

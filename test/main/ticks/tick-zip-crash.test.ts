import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CLI } from '../catalog/helpers';
import { storedTicks, tickWorkspaces, us } from './helpers';

const workspace = tickWorkspaces();

const KEY = { venue: 'BINANCE', symbol: 'BTCUSDT', kind: 'trades' } as const;

describe('zipped tick files', () => {
  it('one zip of Binance archives is imported member by member, problems named by member', async () => {
    const ws = await workspace();
    const zip = path.join(ws.dir, 'BTCUSDT-trades-2024-01.zip');
    const enc = (lines: string[]) => new TextEncoder().encode(`${lines.join('\n')}\n`);
    writeFileSync(
      zip,
      zipSync({
        'BTCUSDT-trades-2024-01-02.csv': enc(['1,100,1,100,1704153600000,false']),
        'BTCUSDT-trades-2024-01-03.csv': enc([
          '2,101,2,202,1704240000000,true',
          '3,-1,2,202,1704240000001,true',
        ]),
      }),
    );
    const r = await ws.cli(['import', zip, '--ticks', 'keep', '--on-error', 'skip']);
    expect(r.stdout.split('\n')).toEqual([
      `imported: ${zip} › BTCUSDT-trades-2024-01-02.csv: 1 trades read; BINANCE:BTCUSDT:trades: 1 ticks written, 0 replaced, 0 days unchanged`,
      `imported: ${zip} › BTCUSDT-trades-2024-01-03.csv: 1 trades read; 1 bad rows left out; BINANCE:BTCUSDT:trades: 1 ticks written, 0 replaced, 0 days unchanged`,
      `  ${zip} › BTCUSDT-trades-2024-01-03.csv line 2, column 2: a price must be above zero (value "-1"); fix the price or pass --on-error skip to leave the row out`,
      '',
    ]);
    expect(await storedTicks(ws.catalog, KEY)).toEqual([
      [us(2024, 1, 2), 100, 1, 1, 1],
      [us(2024, 1, 3), 101, 2, -1, 2],
    ]);
  });
});

/** Every tick file on disk is one the manifest names; no staging left behind. */
function assertNoLeftovers(catalog: string): void {
  const m = JSON.parse(
    readFileSync(path.join(catalog, 'tick-manifests/BINANCE~BTCUSDT~trades.json'), 'utf8'),
  );
  const base = path.join(catalog, 'ticks/venue=BINANCE/symbol=BTCUSDT/kind=trades');
  const onDisk = readdirSync(base).flatMap((d) =>
    readdirSync(path.join(base, d)).map((f) => `${d.slice(5)}/${f}`),
  );
  expect(onDisk.sort()).toEqual(
    m.files.map((f: { date: string; file: string }) => `${f.date}/${f.file}`).sort(),
  );
  expect(existsSync(path.join(catalog, '.quarantine'))).toBe(false);
  const staging = path.join(catalog, '.staging');
  expect(existsSync(staging) ? readdirSync(staging) : []).toEqual([]);
}

describe('kill safety: an import killed with SIGKILL leaves the old or the new ticks', () => {
  const OLD = ['1,100,1,100,1704153600000,false', '2,101,1,101,1704240000000,false'];
  // Replaces Jan 3 and adds Jan 4.
  const NEW = ['3,200,1,200,1704240000000,false', '4,201,1,201,1704326400000,false'];
  const oldRows = [
    [us(2024, 1, 2), 100, 1, 1, 1],
    [us(2024, 1, 3), 101, 1, 1, 2],
  ];
  const newRows = [oldRows[0], [us(2024, 1, 3), 200, 1, 1, 3], [us(2024, 1, 4), 201, 1, 1, 4]];
  const run = (file: string, catalog: string, env: NodeJS.ProcessEnv = {}) =>
    spawnSync('node', [CLI, 'import', file, '--ticks', 'keep', '--symbol', 'BTCUSDT', '--catalog', catalog], {
      env: { ...process.env, ...env },
    });

  for (const [stage, expected] of [
    ['partition-renamed#1', 'old'],
    ['partition-renamed#2', 'old'],
    ['before-manifest', 'old'],
    ['manifest-temp-written', 'old'],
    ['after-manifest', 'new'],
  ] as const) {
    it(`killed at ${stage}: ${expected} ticks; the next import cleans up and completes`, async () => {
      const ws = await workspace();
      const oldFile = ws.file('BTCUSDT-trades-old.csv', OLD);
      const newFile = ws.file('BTCUSDT-trades-new.csv', NEW);
      expect(run(oldFile, ws.catalog).status).toBe(0);
      const crashed = path.join(ws.dir, 'crashed');
      cpSync(ws.catalog, crashed, { recursive: true });
      const r = run(newFile, crashed, { BARCAT_CRASH_AT: stage });
      expect(r.signal, r.stderr.toString()).toBe('SIGKILL');
      expect(await storedTicks(crashed, KEY)).toEqual(expected === 'old' ? oldRows : newRows);
      const again = run(newFile, crashed);
      expect(again.status, again.stderr.toString()).toBe(0);
      expect(await storedTicks(crashed, KEY)).toEqual(newRows);
      assertNoLeftovers(crashed);
    });
  }
});

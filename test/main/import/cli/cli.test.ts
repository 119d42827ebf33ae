import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../src-main/hosts/cli/main';
import { fileTempDir } from '../../catalog/helpers';
import { REAL_DIR } from '../real-files';

const tmp = fileTempDir('barcat-icli-');

async function cli(args: string[], tty = false): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: tty });
  stdout.on('data', (d: Buffer) => out.push(Buffer.from(d)));
  stderr.on('data', (d: Buffer) => err.push(Buffer.from(d)));
  const code = await runCli(args, { stdout, stderr, stdin: Readable.from([]), env: {}, cwd: tmp.dir });
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

// --create: the first import makes the catalog (a writer without it refuses a folder with none).
const cat = () => ['--create', '--catalog', path.join(tmp.dir, 'cat')];

describe('barcat import', () => {
  it('imports with --series and --tz, prints the summary table and, on a terminal only, a progress bar', async () => {
    const f = path.join(REAL_DIR, 'finam/data_sber_minutes30.csv');
    const r = await cli(['import', f, '--series', 'MOEX:SBER:30m', '--tz', 'Europe/Moscow', ...cat()], true);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^file\s+status\s+series\s+read\s+written\s+added\s+replaced\s+removed\s+skipped\s+invalid\s+first\s+last\s+bytes\s+time/,
    );
    expect(r.stdout).toMatch(
      /data_sber_minutes30\.csv\s+imported\s+MOEX:SBER:30m\s+4498\s+4498\s+4498\s+0\s+0\s+0\s+0\s+2015-01-05 07:00\s+2015-12-30 15:30\s+321988/,
    );
    expect(r.stderr).toContain('100%');
    const again = await cli([
      'import',
      f,
      '--series',
      'MOEX:SBER:30m',
      '--tz',
      'Europe/Moscow',
      '--json',
      ...cat(),
    ]);
    expect(again.code).toBe(0);
    const json = JSON.parse(again.stdout);
    expect(json.files[0]).toMatchObject({ status: 'unchanged', series: 'MOEX:SBER:30m' });
    expect(again.stderr).toBe('');
  });

  it('exits 2 with the reason for a tick file, 1 for a rejected file, 2 for bad flags', async () => {
    const tick = await cli(['import', path.join(REAL_DIR, 'histdata-tick/quote_tick_data.csv'), ...cat()]);
    expect(tick.code).toBe(2);
    expect(tick.stderr).toMatch(
      /quote_tick_data\.csv cannot be imported as bars: it looks like tick or quote data/,
    );
    const rejected = await cli([
      'import',
      path.join(REAL_DIR, 'nasdaq/HistoricalQuotes.csv'),
      '--symbol',
      'AAPL',
      ...cat(),
    ]);
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(
      /line 2, column date: the time cannot be read as a date and time \(value "16:00"\)/,
    );
    const skip = await cli([
      'import',
      path.join(REAL_DIR, 'nasdaq/HistoricalQuotes.csv'),
      '--symbol',
      'AAPL',
      '--on-error',
      'skip',
      ...cat(),
    ]);
    expect(skip.code).toBe(0);
    expect(skip.stdout).toMatch(/imported\s+CSV:AAPL:1d\s+128\s+127\s+127\s+0\s+0\s+0\s+1/);
    expect((await cli(['import', 'x.csv', '--mode', 'replace', ...cat()])).code).toBe(2);
    expect((await cli(['import', 'x.csv', '--tz', 'Mars/Base', ...cat()])).stderr).toMatch(
      /not a known IANA zone/,
    );
    expect((await cli(['import', path.join(tmp.dir, 'missing.csv'), ...cat()])).stderr).toMatch(
      /cannot read .*missing\.csv/,
    );
  });

  it('says how many stored bars an overwrite replaced and removed', async () => {
    const hourly = (close: number, keep: (i: number) => boolean) =>
      `timestamp,open,high,low,close,volume\n${Array.from({ length: 720 }, (_, i) => i)
        .filter(keep)
        .map((i) => `${new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString()},1,2,0.5,${close},10`)
        .join('\n')}\n`;
    const full = path.join(tmp.dir, 'full.csv');
    const gappy = path.join(tmp.dir, 'gappy.csv');
    writeFileSync(
      full,
      hourly(1, () => true),
    );
    writeFileSync(
      gappy,
      hourly(2, (i) => i % 10 !== 5),
    );
    const series = ['--series', 'TEST:SPAN:1h', '--create', '--catalog', path.join(tmp.dir, 'span')];
    expect((await cli(['import', full, ...series])).stdout).toContain(
      ': ok; 720 rows written (720 added, 0 replaced, 0 removed), 0 skipped, 0 invalid',
    );
    const r = await cli(['import', gappy, '--mode', 'overwrite', ...series]);
    expect(r.stdout).toContain(
      ': ok; 648 rows written (0 added, 648 replaced, 72 removed), 0 skipped, 0 invalid',
    );
    const json = JSON.parse(
      (await cli(['import', full, '--mode', 'overwrite', '--force', '--json', ...series])).stdout,
    );
    expect(json.files[0]).toMatchObject({
      rowsWritten: 720,
      rowsAdded: 72,
      rowsReplaced: 648,
      rowsRemoved: 0,
    });
  });

  it('--dry-run prints the preview and writes nothing', async () => {
    const r = await cli([
      'import',
      path.join(REAL_DIR, 'metatrader5/EURUSD_H1.csv'),
      '--dry-run',
      '--catalog',
      path.join(tmp.dir, 'dry'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('preset metatrader5');
    expect(r.stdout).toContain(
      'mapping   date=<DATE> time=<TIME> open=<OPEN> high=<HIGH> low=<LOW> close=<CLOSE> volume=<TICKVOL> (confidence 1); ignored: <VOL>, <SPREAD>',
    );
    expect(r.stdout).toContain('zone      UTC (default)');
    // Broker time read as UTC puts Friday's last hours past the FX close: no fx suggestion.
    expect(r.stdout).toContain(
      'span      2024-01-02 00:00 to 2025-03-29 00:00 (whole file, end excluded); calendar 24x7 (data)',
    );
    expect(r.stdout).toContain('2024-01-02 00:00  o 1.10409 h 1.10439 l 1.10409 c 1.10432 v 167');
    const tick = await cli([
      'import',
      path.join(REAL_DIR, 'histdata-tick/quote_tick_data.csv'),
      '--dry-run',
      ...cat(),
    ]);
    expect(tick.code).toBe(2);
  });
});

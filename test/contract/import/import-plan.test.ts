import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { manifestPath } from '../../../src-main/engines/catalog/disk/layout';
import type { CommandOutput, ImportFilePreview, JobView } from '../../../src-shared/contract';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { HOUR, MINUTE } from '../../../src-shared/domain/timeframe';
import { jobEnded } from '../../helpers/job-end';
import { tempCoreOf } from '../temp-core';

const { call, dir, core } = tempCoreOf('barcat-import-plan-');

/** Every card of a file: one, or one per CSV member of a zip archive. */
async function previews(file: string, overrides: object = {}, member?: string): Promise<ImportFilePreview[]> {
  const out = await call<CommandOutput<'previewImport'>>('previewImport', {
    files: [{ path: file, overrides, ...(member ? { member } : {}) }],
  });
  return out.files;
}

async function preview(file: string, overrides: object = {}): Promise<ImportFilePreview> {
  return (await previews(file, overrides))[0] as ImportFilePreview;
}

/** Starts the import of what the previews showed, the way the dialog does, and waits for its end. */
async function importShown(
  previews: ImportFilePreview[],
  options: { mode?: string; onError?: string; force?: boolean } = {},
): Promise<JobView> {
  const { jobId } = await call<{ jobId: string }>('startImport', {
    files: previews.map((p) => ({ path: p.path, member: p.member, planId: p.planId })),
    mode: options.mode ?? 'merge',
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.force ? { force: true } : {}),
  });
  return jobEnded(() => call<JobView[]>('listJobs'), jobId);
}

async function storedTimes(id: string): Promise<number[]> {
  const out = await call<{ rows: (number | null)[][] }>('queryPreview', { id, limit: 1000 });
  return out.rows.map((r) => r[0] as number);
}

function write(name: string, text: string): string {
  const file = path.join(dir(), name);
  writeFileSync(file, text);
  return file;
}

/** Hourly bars from `from`, one line each, `keep` choosing which hours are written. */
function hourlyCsv(from: number, hours: number, close: number, keep = (_i: number) => true): string {
  const lines = ['timestamp,open,high,low,close,volume'];
  for (let i = 0; i < hours; i++)
    if (keep(i)) lines.push(`${new Date(from + i * HOUR).toISOString()},1,2,0.5,${close},10`);
  return `${lines.join('\n')}\n`;
}

describe('the plan the user saw is the plan that runs', () => {
  it("imports with the preview's overrides although the start request carries only the plan's id", async () => {
    // Every date fits both orders; the user says day first and a zone two hours east of UTC.
    const rows = Array.from(
      { length: 24 },
      (_, h) => `03/04/2024 ${String(h).padStart(2, '0')}:00,1,2,0.5,1.5,10`,
    );
    const file = write('plan.csv', `Date,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`);
    const shown = await preview(file, {
      venue: 'TEST',
      symbol: 'PLAN',
      timeframe: '1h',
      dateOrder: 'DMY',
      tz: 'UTC+2',
    });
    expect(shown.ok).toBe(true);
    expect(shown.preview!.rows[0]!.ts).toBe(Date.UTC(2024, 3, 2, 22));
    const job = await importShown([shown]);
    expect(job.state).toBe('done');
    const times = await storedTimes('TEST:PLAN:1h');
    expect(times).toHaveLength(24);
    expect(times[0]).toBe(Date.UTC(2024, 3, 2, 22));
    expect(times[23]).toBe(Date.UTC(2024, 3, 3, 21));
  });

  it('parses the rows in the date order of the timestamp format picked on the card', async () => {
    // Every date fits both orders; detection says month first, the user picks day first.
    const rows = Array.from({ length: 3 }, (_, h) => `03/04/2024 0${h}:00,1,2,0.5,1.5,10`);
    const file = write('order.csv', `Date,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`);
    const base = { venue: 'TEST', symbol: 'ORDER', timeframe: '1h', tz: 'UTC' };
    const detected = await preview(file, base);
    expect(detected.preview?.format.timestampFormat).toBe('mdy');
    expect(detected.preview?.rows[0]?.ts).toBe(Date.UTC(2024, 2, 4, 0));
    const picked = await preview(file, { ...base, timestampFormat: 'dmy' });
    expect(picked.preview?.format.timestampFormat).toBe('dmy');
    expect(picked.preview?.plan.timestampFormat).toBe('dmy');
    expect(picked.preview?.rows[0]?.ts).toBe(Date.UTC(2024, 3, 3, 0));
    expect((await importShown([picked])).state).toBe('done');
    expect(await storedTimes('TEST:ORDER:1h')).toEqual([
      Date.UTC(2024, 3, 3, 0),
      Date.UTC(2024, 3, 3, 1),
      Date.UTC(2024, 3, 3, 2),
    ]);
  });

  it('reads epoch times in the unit picked on the card, not by their magnitude', async () => {
    // 100800000 reads as seconds by magnitude (1973); the user says milliseconds (1970-01-02).
    const T = 100_800_000;
    const rows = [0, 1, 2].map((h) => `${T + h * HOUR},1,2,0.5,1.5,10`);
    const file = write('epoch.csv', `time,open,high,low,close,volume\n${rows.join('\n')}\n`);
    const base = { venue: 'TEST', symbol: 'EPOCH', timeframe: '1h' };
    expect((await preview(file, base)).preview?.rows[0]?.ts).toBe(T * 1000);
    const picked = await preview(file, { ...base, timestampFormat: 'epoch_ms' });
    expect(picked.preview?.plan.timestampFormat).toBe('epoch_ms');
    expect(picked.preview?.rows[0]?.ts).toBe(T);
    expect((await importShown([picked])).state).toBe('done');
    expect(await storedTimes('TEST:EPOCH:1h')).toEqual([T, T + HOUR, T + 2 * HOUR]);
  });

  it('keeps the timeframe the preview showed where the whole file would have said another', async () => {
    // 250 minute bars, then 300 bars five minutes apart: the preview's 200 rows say 1m, the
    // whole file's spacing says 5m (and its minute bars would be off the 5m grid).
    const t0 = Date.UTC(2024, 0, 2);
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < 250; i++) lines.push(`${new Date(t0 + i * MINUTE).toISOString()},1,2,0.5,1.5,1`);
    for (let i = 1; i <= 300; i++)
      lines.push(`${new Date(t0 + 249 * MINUTE + i * 5 * MINUTE).toISOString()},1,2,0.5,1.5,1`);
    const file = write('MIXED-1.csv', `${lines.join('\n')}\n`);
    const shown = await preview(file, { venue: 'TEST', symbol: 'MIXED' });
    expect(shown.seriesId).toBe('TEST:MIXED:1m');
    const job = await importShown([shown]);
    expect(job.message).toBe('550 bars written from 1 file (550 added, 0 replaced, 0 removed)');
    expect(job.seriesIds).toEqual(['TEST:MIXED:1m']);
  });

  it('refuses a plan it no longer knows instead of detecting the file again', async () => {
    const file = write('BTCUSDT-1h-2024-01.csv', hourlyCsv(Date.UTC(2024, 0, 1), 3, 1));
    const r = await core().dispatch('startImport', {
      files: [{ path: file, planId: 'gone' }],
      mode: 'merge',
    });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'BAD_INPUT',
        message:
          'the preview of BTCUSDT-1h-2024-01.csv is no longer known (the app restarted, or it was shown too long ago); preview the file again',
      },
    });
  });
});

describe('time zones', () => {
  // HistData stamps bars in EST without DST; in July New York is four hours behind UTC, not five.
  const histdata = '20240702 170000;1.1;1.2;1.0;1.15;0\n20240702 170100;1.1;1.2;1.0;1.15;0\n';

  it("applies a chosen preset's zone over the app's default, and the default to a plain file", async () => {
    await call('setSettings', { defaultTimezone: 'America/New_York' });
    const file = write('DAT_ASCII_EURUSD_M1_202407.csv', histdata);
    const withPreset = await preview(file, { preset: 'histdata' });
    expect(withPreset.preview).toMatchObject({ tz: 'Etc/GMT+5', tzSource: 'preset' });
    expect(withPreset.preview!.rows[0]!.ts).toBe(Date.UTC(2024, 6, 2, 22));
    const plain = await preview(file);
    expect(plain.preview).toMatchObject({ tz: 'America/New_York', tzSource: 'default' });
    expect(plain.preview!.rows[0]!.ts).toBe(Date.UTC(2024, 6, 2, 21));

    await importShown([withPreset]);
    expect(await storedTimes('CSV:EURUSD:1m')).toEqual([
      Date.UTC(2024, 6, 2, 22),
      Date.UTC(2024, 6, 2, 22, 1),
    ]);

    // A Finam layout recognised but not chosen: Moscow time is not applied, and the preview says so.
    const finam = path.resolve(
      import.meta.dirname,
      '../../../../shared/testdata/real/finam/data_sber_minutes30.csv',
    );
    const seen = await preview(finam, { symbol: 'SBER' });
    expect(seen.preview).toMatchObject({
      tz: 'America/New_York',
      tzSource: 'default',
      format: { preset: 'finam' },
    });
    expect(seen.preview!.series.conflicts).toEqual([
      'the layout looks like a finam export, whose times are Europe/Moscow; choose the finam preset to read them so (now America/New_York)',
    ]);
    const chosen = await preview(finam, { symbol: 'SBER', preset: 'finam' });
    expect(chosen.preview).toMatchObject({
      tz: 'Europe/Moscow',
      tzSource: 'preset',
      series: { conflicts: [] },
    });
    expect(chosen.preview!.rows[0]!.ts).toBe(Date.UTC(2015, 0, 5, 7));
  });

  it('reads offsets with the sign as written, and keeps the card when the zone is unknown', async () => {
    const file = write('DAT_ASCII_EURUSD_M1_202407.csv', histdata);
    for (const [tz, hour] of [
      ['GMT-5', 22],
      ['+02:00', 15],
      ['UTC+2', 15],
    ] as const) {
      const p = await preview(file, { tz });
      expect(p.preview!.rows[0]!.ts, tz).toBe(Date.UTC(2024, 6, 2, hour));
    }
    const bad = await preview(file, { tz: 'Mars/Olympus' });
    expect(bad).toMatchObject({
      ok: false,
      error: null,
      invalidZone: 'Mars/Olympus',
      seriesId: 'CSV:EURUSD:1m',
    });
    expect(bad.preview!.columns).toEqual(['#1', '#2', '#3', '#4', '#5', '#6']);
  });
});

describe('existing bars and what an import changed', () => {
  const t0 = Date.UTC(2024, 0, 1);

  it('counts the stored bars over the whole file, and reports bars replaced and removed', async () => {
    const first = await preview(write('AAA-1h.csv', hourlyCsv(t0, 720, 1)), { venue: 'TEST' });
    expect((await importShown([first])).message).toBe(
      '720 bars written from 1 file (720 added, 0 replaced, 0 removed)',
    );
    // Same first and last hour, every tenth hour missing: 648 bars over the 720 stored.
    const second = await preview(
      write(
        'AAA-1h-fix.csv',
        hourlyCsv(t0, 720, 2, (i) => i % 10 !== 5),
      ),
      { venue: 'TEST', symbol: 'AAA' },
    );
    expect(second.preview!.span).toEqual({ from: t0, to: t0 + 720 * HOUR });
    expect(second.existingBars).toBe(720);
    const job = await importShown([second], { mode: 'overwrite' });
    expect(job.message).toBe('648 bars written from 1 file (0 added, 648 replaced, 72 removed)');
  });

  it('says a file was imported before, and imports it again with the chosen mode when asked', async () => {
    const file = write('BBB-1h.csv', hourlyCsv(t0, 24, 1));
    await importShown([await preview(file, { venue: 'TEST' })]);
    const again = await preview(file, { venue: 'TEST' });
    expect(again.importedBefore).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect((await importShown([again], { mode: 'overwrite' })).message).toBe(
      '0 bars written from 1 file (0 added, 0 replaced, 0 removed), 1 file imported before left as it was (choose "import again" to write it with the chosen mode)',
    );
    expect((await importShown([again], { mode: 'overwrite', force: true })).message).toBe(
      '24 bars written from 1 file (0 added, 24 replaced, 0 removed)',
    );
  });

  it('skips bad rows when asked, and sends problems as rules with fields, by file name', async () => {
    const text = hourlyCsv(t0, 5, 1).replace(
      `${new Date(t0 + 2 * HOUR).toISOString()},1,2,0.5,1,10`,
      `${new Date(t0 + 2 * HOUR).toISOString()},1,x,0.5,1,10`,
    );
    const shown = await preview(write('CCC-1h.csv', text), { venue: 'TEST' });
    const rejected = await importShown([shown]);
    expect(rejected.state).toBe('failed');
    expect(rejected.problems).toEqual([
      'CCC-1h.csv: rejected',
      'CCC-1h.csv line 4, column high: bad_number "x"',
    ]);
    expect(rejected.importFiles).toEqual([
      {
        name: 'CCC-1h.csv',
        series: 'TEST:CCC:1h',
        status: 'rejected',
        message: null,
        rowsRead: 5,
        rowsAdded: 0,
        rowsReplaced: 0,
        rowsRemoved: 0,
        rowsSkipped: 0,
        rowsInvalid: 1,
        problemCounts: { bad_number: 1 },
        problems: [{ line: 4, column: 'high', value: 'x', rule: 'bad_number', severity: 'error' }],
      },
    ]);
    const skipped = await importShown([shown], { onError: 'skip' });
    expect(skipped.message).toBe(
      '4 bars written from 1 file (4 added, 0 replaced, 0 removed), 1 invalid rows',
    );
  });
});

describe('messages name files, never their folders', () => {
  it("says a file cannot be read by its name (an upload's folder is temporary)", async () => {
    const gone = await preview(path.join(dir(), 'nope.csv'));
    expect(gone).toMatchObject({ ok: false, preview: null, error: 'cannot read nope.csv: ENOENT' });
  });
});

describe('problems beyond the first 100', () => {
  it('lists the first 100 of a file and counts every one per rule', async () => {
    const lines = ['timestamp,open,high,low,close,volume'];
    for (let i = 0; i < 160; i++)
      lines.push(
        `${new Date(Date.UTC(2024, 0, 1) + i * HOUR).toISOString()},1,${i < 150 ? 'x' : 2},0.5,1.5,10`,
      );
    const shown = await preview(write('DDD-1h.csv', `${lines.join('\n')}\n`), { venue: 'TEST' });
    const job = await importShown([shown], { onError: 'skip' });
    expect(job.message).toBe(
      '10 bars written from 1 file (10 added, 0 replaced, 0 removed), 150 invalid rows',
    );
    const file = job.importFiles![0]!;
    expect(file.problems).toHaveLength(100);
    expect(file.problemCounts).toEqual({ bad_number: 150 });
  });
});

describe('the trading calendar of an imported series', () => {
  /** Hourly bars at the given UTC times. */
  const barsAt = (times: number[]) =>
    `timestamp,open,high,low,close,volume\n${times.map((t) => `${new Date(t).toISOString()},1,2,0.5,1.5,10`).join('\n')}\n`;
  // Mondays 2024-03-04 .. 2024-03-22: three weeks (New York on EDT from March 10).
  const days = Array.from({ length: 21 }, (_, d) => Date.UTC(2024, 2, 3) + d * 24 * HOUR);
  const weekday = (t: number) => new Date(t).getUTCDay();

  it('suggests xnys for weekday 09:30-16:00 New York bars, fx for Sunday-Friday, 24x7 otherwise', async () => {
    // Stock hours: 30-minute bars 09:30 to 15:30 New York, written in UTC (14:30 UTC before the DST change, 13:30 after).
    const stock = days
      .filter((d) => weekday(d) !== 0 && weekday(d) !== 6)
      .flatMap((d) =>
        Array.from(
          { length: 13 },
          (_, i) => d + (d < Date.UTC(2024, 2, 10) ? 14.5 : 13.5) * HOUR + (i * HOUR) / 2,
        ),
      );
    const shown = await preview(write('AAPL-30m.csv', barsAt(stock)));
    expect(shown.preview).toMatchObject({ calendar: 'xnys', calendarSource: 'data' });
    const job = await importShown([shown]);
    expect(job.message).toBe('195 bars written from 1 file (195 added, 0 replaced, 0 removed)');
    const list = await call<{ id: string; calendar: string; gapCount: number }[]>('listSeries');
    expect(list.find((s) => s.id === 'CSV:AAPL:30m')).toMatchObject({ calendar: 'xnys', gapCount: 0 });
    // Imported again, the series keeps its calendar; the user may pick another.
    const again = await preview(path.join(dir(), 'AAPL-30m.csv'));
    expect(again.preview).toMatchObject({ calendar: 'xnys', calendarSource: 'series' });
    const chosen = await preview(path.join(dir(), 'AAPL-30m.csv'), { calendar: 'xnas' });
    expect(chosen.preview).toMatchObject({ calendar: 'xnas', calendarSource: 'user' });
    // Changed later in the app: around the clock, the nights and weekends become gaps.
    expect(await call('setSeriesCalendar', { id: 'CSV:AAPL:30m', calendar: '24x7' })).toEqual({
      calendar: '24x7',
    });
    const after = (await call<{ id: string; calendar: string; gapCount: number }[]>('listSeries')).find(
      (x) => x.id === 'CSV:AAPL:30m',
    );
    expect(after).toMatchObject({ calendar: '24x7', gapCount: 14 });
    const unknown = await core().dispatch('setSeriesCalendar', { id: 'CSV:NOPE:30m', calendar: 'fx' });
    expect(unknown.ok).toBe(false);
    expect((await call<{ id: string }[]>('listSeries')).map((x) => x.id)).not.toContain('CSV:NOPE:30m');

    // FX: every hour from Sunday 17:00 to Friday 17:00 New York (21:00 UTC in EDT, 22:00 in EST).
    const fx: number[] = [];
    for (let t = Date.UTC(2024, 2, 3, 22); t < Date.UTC(2024, 2, 22, 21); t += HOUR) {
      const closeUtc = t < Date.UTC(2024, 2, 10, 7) ? 22 : 21;
      const wd = weekday(t);
      const h = new Date(t).getUTCHours();
      const weekend = wd === 6 || (wd === 5 && h >= closeUtc) || (wd === 0 && h < closeUtc);
      if (!weekend) fx.push(t);
    }
    expect((await preview(write('EURUSD-1h.csv', barsAt(fx)))).preview!.calendar).toBe('fx');
    const crypto = Array.from({ length: 21 * 24 }, (_, i) => Date.UTC(2024, 2, 3) + i * HOUR);
    expect((await preview(write('BTCUSD-1h.csv', barsAt(crypto)))).preview!.calendar).toBe('24x7');
    const daily = days.filter((d) => weekday(d) !== 0 && weekday(d) !== 6);
    const dailyText = `Date,Open,High,Low,Close,Volume\n${daily.map((d) => `${new Date(d).toISOString().slice(0, 10)},1,2,0.5,1.5,10`).join('\n')}\n`;
    expect((await preview(write('MSFT-1d.csv', dailyText))).preview!.calendar).toBe('xnys');
  });
});

describe('a zip archive of several files', () => {
  const T0 = Date.UTC(2024, 0, 1);
  const zipOf = (members: Record<string, string>) => {
    const file = path.join(dir(), 'klines.zip');
    const entries: Record<string, Uint8Array> = {};
    for (const [name, text] of Object.entries(members)) entries[name] = Buffer.from(text);
    writeFileSync(file, zipSync(entries));
    return file;
  };

  const minuteCsv = (from: number, closes: number[]) =>
    `timestamp,open,high,low,close,volume\n${closes.map((c, i) => `${new Date(from + i * MINUTE).toISOString()},1,5,0.5,${c},10`).join('\n')}\n`;

  it('previews one card per member, each with its own plan, and imports each member with exactly its plan', async () => {
    const tmp = path.join(dir(), 'tmp');
    mkdirSync(tmp);
    const oldTmp = process.env.TMPDIR;
    process.env.TMPDIR = tmp;
    try {
      const zip = zipOf({
        'BTCUSDT-1m-2024-01-01.csv': minuteCsv(T0, [1.5, 1.6, 1.7]),
        'ETHUSDT-1m-2024-01-01.csv': minuteCsv(T0, [2.5, 2.6]),
      });
      const cards = await previews(zip, { venue: 'BINANCE' });
      expect(cards.map((c) => [c.path, c.member, c.name, c.seriesId, c.ok])).toEqual([
        [
          zip,
          'BTCUSDT-1m-2024-01-01.csv',
          'klines.zip › BTCUSDT-1m-2024-01-01.csv',
          'BINANCE:BTCUSDT:1m',
          true,
        ],
        [
          zip,
          'ETHUSDT-1m-2024-01-01.csv',
          'klines.zip › ETHUSDT-1m-2024-01-01.csv',
          'BINANCE:ETHUSDT:1m',
          true,
        ],
      ]);
      expect(new Set(cards.map((c) => c.planId)).size).toBe(2);
      expect(cards.map((c) => c.preview?.plan.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
      expect(cards[0]?.preview?.file).toBe(`${zip} › BTCUSDT-1m-2024-01-01.csv`);
      expect(readdirSync(tmp)).toEqual([]);

      // Overriding one member's symbol re-previews that member alone.
      const renamed = await previews(
        zip,
        { venue: 'BINANCE', symbol: 'XBTUSDT' },
        'BTCUSDT-1m-2024-01-01.csv',
      );
      expect(renamed.map((c) => [c.member, c.seriesId])).toEqual([
        ['BTCUSDT-1m-2024-01-01.csv', 'BINANCE:XBTUSDT:1m'],
      ]);
      expect(readdirSync(tmp)).toEqual([]);

      const job = await importShown(cards);
      expect([job.state, job.message]).toEqual([
        'done',
        '5 bars written from 2 files (5 added, 0 replaced, 0 removed)',
      ]);
      expect(job.importFiles?.map((f) => [f.name, f.series, f.rowsAdded])).toEqual([
        ['klines.zip › BTCUSDT-1m-2024-01-01.csv', 'BINANCE:BTCUSDT:1m', 3],
        ['klines.zip › ETHUSDT-1m-2024-01-01.csv', 'BINANCE:ETHUSDT:1m', 2],
      ]);
      const rows = async (id: string) =>
        (await call<{ rows: (number | null)[][] }>('queryPreview', { id, limit: 1000 })).rows;
      expect(await rows('BINANCE:BTCUSDT:1m')).toEqual([
        [T0, 1, 5, 0.5, 1.5, 10],
        [T0 + MINUTE, 1, 5, 0.5, 1.6, 10],
        [T0 + 2 * MINUTE, 1, 5, 0.5, 1.7, 10],
      ]);
      expect(await rows('BINANCE:ETHUSDT:1m')).toEqual([
        [T0, 1, 5, 0.5, 2.5, 10],
        [T0 + MINUTE, 1, 5, 0.5, 2.6, 10],
      ]);
      expect((await call<{ id: string }[]>('listSeries')).map((x) => x.id).sort()).toEqual([
        'BINANCE:BTCUSDT:1m',
        'BINANCE:ETHUSDT:1m',
      ]);
      expect(readdirSync(tmp)).toEqual([]);
    } finally {
      if (oldTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = oldTmp;
    }
  });

  it('refuses to start a member whose archive changed since its preview', async () => {
    const zip = zipOf({ 'BTCUSDT-1m-2024-01-01.csv': minuteCsv(T0, [1.5]) });
    const cards = await previews(zip, { venue: 'BINANCE' });
    zipOf({ 'BTCUSDT-1m-2024-01-01.csv': minuteCsv(T0, [9.5]) });
    const job = await importShown(cards);
    expect([job.state, job.message]).toEqual([
      'failed',
      'klines.zip: the archive changed since its preview; preview it again',
    ]);
    expect(await call<unknown[]>('listSeries')).toEqual([]);
  });

  it('imports an archive whose members are of one series with the previewed plan', async () => {
    const zip = zipOf({
      'BTCUSDT-1h-2024-01a.csv': hourlyCsv(T0, 2, 1.5),
      'BTCUSDT-1h-2024-01b.csv': hourlyCsv(T0 + 2 * HOUR, 2, 1.2),
    });
    const cards = await previews(zip, { venue: 'BINANCE', symbol: 'BTCUSDT' });
    expect(cards.map((c) => c.seriesId)).toEqual(['BINANCE:BTCUSDT:1h', 'BINANCE:BTCUSDT:1h']);
    const job = await importShown(cards);
    expect([job.state, job.message]).toEqual([
      'done',
      '4 bars written from 2 files (4 added, 0 replaced, 0 removed)',
    ]);
    expect(await storedTimes('BINANCE:BTCUSDT:1h')).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR]);
  });
});

describe('the outcome of an import job', () => {
  it('fails a job whose every file of an archive was refused, counting the files read', async () => {
    const T0 = Date.UTC(2024, 0, 1);
    // Closes above the high: every row breaks high_below_max.
    const zip = path.join(dir(), 'bad.zip');
    writeFileSync(
      zip,
      zipSync({
        'BTCUSDT-1h-2024-01a.csv': Buffer.from(hourlyCsv(T0, 2, 3)),
        'BTCUSDT-1h-2024-01b.csv': Buffer.from(hourlyCsv(T0 + 2 * HOUR, 2, 3)),
      }),
    );
    const job = await importShown(await previews(zip, { venue: 'BINANCE' }));
    expect([job.state, job.message]).toEqual([
      'failed',
      '0 bars written from 2 files (0 added, 0 replaced, 0 removed), 4 invalid rows, 2 files not imported (see problems)',
    ]);
  });
});

describe('a series the preview looks up', () => {
  it('shows a corrupt manifest as the preview error instead of taking the series for new', async () => {
    const file = write('corrupt.csv', hourlyCsv(Date.UTC(2024, 0, 1), 3, 1.5));
    const overrides = { venue: 'TEST', symbol: 'CORRUPT', timeframe: '1h' };
    expect((await importShown([await preview(file, overrides)])).state).toBe('done');
    const manifest = manifestPath(core().catalog().dir, parseSeriesId('TEST:CORRUPT:1h'));
    writeFileSync(manifest, '{');
    let parseError = '';
    try {
      JSON.parse('{');
    } catch (err) {
      parseError = (err as Error).message;
    }
    const pv = await preview(file, overrides);
    expect([pv.ok, pv.error, pv.planId]).toEqual([
      false,
      `manifest ${manifest} is not valid JSON (${parseError}); run "barcat rebuild" to recreate it from the Parquet files`,
      null,
    ]);
  });
});

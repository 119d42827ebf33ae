import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src-main/engines/catalog/types';
import { runImport } from '../../../../src-main/engines/import/index';
import { importCatalogEach } from '../helpers';

let catalog: Catalog;
let dataDir: string;
importCatalogEach((c) => ({ catalog, dataDir } = c));

function minuteRows(isoStarts: string[]): string {
  const rows = ['timestamp,open,high,low,close,volume'];
  for (const iso of isoStarts) rows.push(`${iso},10,11,9,10.5,100`);
  return `${rows.join('\n')}\n`;
}

describe('bars outside the series calendar', () => {
  it('are kept and reported as out-of-session notes naming the calendar and the bar time', async () => {
    const f = path.join(dataDir, 'aapl.csv');
    // Monday 2024-01-08 09:30-09:32 New York (in session) and two bars on Saturday 2024-01-06.
    writeFileSync(
      f,
      minuteRows([
        '2024-01-06T15:00:00Z',
        '2024-01-06T15:01:00Z',
        '2024-01-08T14:30:00Z',
        '2024-01-08T14:31:00Z',
        '2024-01-08T14:32:00Z',
      ]),
    );
    const summary = await runImport(catalog, {
      paths: [f],
      overrides: { venue: 'NASDAQ', symbol: 'AAPL', timeframe: '1m' },
    });
    const file = summary.files[0];
    expect(file).toMatchObject({ status: 'imported', rowsWritten: 5, series: 'NASDAQ:AAPL:1m' });
    expect(file?.problemCounts.out_of_session).toBe(2);
    const notes = file?.problems.filter((p) => p.rule === 'out_of_session') ?? [];
    expect(notes.map((p) => [p.value, p.severity])).toEqual([
      ['2024-01-06T15:00:00.000Z', 'note'],
      ['2024-01-06T15:01:00.000Z', 'note'],
    ]);
    expect(notes[0]?.message).toBe(
      "aapl.csv: the bar at 2024-01-06T15:00:00.000Z opens outside the xnas sessions; it was kept. If many bars are reported, check the time zone (--tz) or the series' calendar",
    );
  });

  it('are not reported for a 24x7 series', async () => {
    const f = path.join(dataDir, 'btc.csv');
    writeFileSync(f, minuteRows(['2024-01-06T15:00:00Z', '2024-01-06T15:01:00Z']));
    const summary = await runImport(catalog, {
      paths: [f],
      overrides: { venue: 'BINANCE', symbol: 'BTCUSDT', timeframe: '1m' },
    });
    expect(summary.files[0]?.status).toBe('imported');
    expect(summary.files[0]?.problemCounts.out_of_session).toBeUndefined();
  });
});

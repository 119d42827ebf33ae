import { describe, expect, it } from 'vitest';
import { allocTicks, openCatalog, type QuoteTicks } from '../../../src-main/engines/catalog/index';
import { screenshot } from '../launch';
import { appOnTempCatalog } from '../temp-app';

// Issue 16: a tick series' coverage by day in the app: the table row's gap count, and its gap chart
// (one column per day: ticks, a gap, checked empty, closed) once the row is clicked.
const us = (d: number, h: number) => Date.UTC(2024, 0, d, h) * 1000;

const app = appOnTempCatalog('barcat-e2e-tickcov-', async (catalogDir) => {
  const cat = await openCatalog(catalogDir, { create: true });
  const ts = [us(2, 9), us(2, 10), us(2, 11), us(5, 12), us(8, 1), us(8, 2)];
  const b = allocTicks('quotes', ts.length) as QuoteTicks;
  ts.forEach((t, i) => {
    b.ts[i] = t;
    b.bid[i] = 1.1;
    b.ask[i] = 1.1002;
  });
  const key = { venue: 'DUKASCOPY', symbol: 'EURUSD', kind: 'quotes' } as const;
  await cat.ticks.write(key, b, { calendar: 'fx' });
  const day4 = Date.UTC(2024, 0, 4);
  await cat.ticks.recordCheckedEmpty(key, [
    { from: day4, to: day4 + 86_400_000, provider: 'dukascopy', checkedAt: 1 },
  ]);
  await cat.close();
});

describe('tick coverage in the app', () => {
  it('shows the gap days in the row and every day of the span in the gap chart', async () => {
    const { page } = app();
    const row = page.locator('[data-testid="tick-row"][data-id="DUKASCOPY:EURUSD:quotes"]');
    await row.waitFor({ timeout: 30_000 });
    expect(await row.getByTestId('tick-gap-days').textContent()).toBe('2');
    expect(await row.getByTestId('tick-gap-days').getAttribute('title')).toBe('2024-01-03 2024-01-07');
    await row.click();
    const chart = page.getByTestId('tick-coverage');
    await chart.waitFor();
    expect(await chart.getByTestId('tick-coverage-summary').textContent()).toBe(
      '3 days with ticks, 2 gaps, 1 checked empty, 1 closed (fx calendar)',
    );
    const days = chart.locator('.day');
    expect(
      await days.evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-date'), e.getAttribute('data-state'), e.getAttribute('title')]),
      ),
    ).toEqual([
      ['2024-01-02', 'ticks', '2024-01-02: 3 ticks'],
      ['2024-01-03', 'gap', '2024-01-03: in session, no ticks (a gap)'],
      ['2024-01-04', 'empty', '2024-01-04: no ticks at the source (checked)'],
      ['2024-01-05', 'ticks', '2024-01-05: 1 tick'],
      ['2024-01-06', 'closed', '2024-01-06: no session'],
      ['2024-01-07', 'gap', '2024-01-07: in session, no ticks (a gap)'],
      ['2024-01-08', 'ticks', '2024-01-08: 2 ticks'],
    ]);
    await screenshot(page, 'tick-coverage-chart');
  });
});

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImport } from '../../../../src-main/engines/import/index';
import { nominalMs } from '../../../../src-shared/domain/timeframe';
import { catalogAll } from '../../catalog/helpers';
import { expectedFiles, expectedMs, REAL_DIR } from '../real-files';

// One case per entry of ../shared/testdata/real/expected.json: a new entry there is a new case.
// Imported with the listed zone and end-stamp convention and --on-error skip; expected earliest
// and latest are the vendor's stamps, so end-stamped bars are stored one bar earlier.
const cases = expectedFiles();

describe('every real vendor file imports as expected.json says', () => {
  const catalog = catalogAll();

  it.each(cases.map((c, i) => [c.file, c, i] as const))('%s', async (_name, e, i) => {
    const summary = await runImport(catalog(), {
      paths: [path.join(REAL_DIR, e.file)],
      overrides: { tz: e.tz ?? undefined, endStamped: e.endStamped, symbol: `F${i}`, venue: 'REAL' },
      onError: 'skip',
    });
    const r = summary.files[0];
    if (!e.bars) {
      expect(r?.status).toBe('failed');
      expect(r?.message).toMatch(/not OHLC bars/);
      expect(summary.rowsWritten).toBe(0);
      return;
    }
    expect(r?.status, r?.message ?? '').toBe('imported');
    expect(r?.series).toBe(`REAL:F${i}:${e.timeframe}`);
    expect(r?.rowsRead).toBe(e.dataRows);
    expect(r?.rowsWritten).toBe(e.validRows);
    expect(r?.rowsInvalid).toBe(e.dataRows - (e.validRows ?? 0));
    const shift = e.endStamped && e.timeframe ? nominalMs(e.timeframe) : 0;
    expect(new Date(r?.firstBar ?? 0).toISOString()).toBe(
      new Date(expectedMs(e.earliest) - shift).toISOString(),
    );
    expect(new Date(r?.lastBar ?? 0).toISOString()).toBe(
      new Date(expectedMs(e.latest) - shift).toISOString(),
    );
    const key = { venue: 'REAL', symbol: `F${i}`, timeframe: e.timeframe ?? '1d' } as const;
    expect(await catalog().countExisting(key, { from: -8.64e15, to: 8.64e15 })).toBe(e.validRows);
  });

  it.each(
    cases
      .filter((c) => c.bars && c.validRows !== null && c.validRows < c.dataRows)
      .map((c) => [c.file, c] as const),
  )('%s is rejected under the default policy, naming its bad lines', async (_name, e) => {
    const summary = await runImport(catalog(), {
      paths: [path.join(REAL_DIR, e.file)],
      overrides: { tz: e.tz ?? undefined, symbol: 'REJECTED', venue: 'REAL' },
    });
    const r = summary.files[0];
    expect(r?.status).toBe('rejected');
    expect(r?.rowsWritten).toBe(0);
    const badLines = new Set(r?.problems.filter((p) => p.severity === 'error').map((p) => p.line));
    expect(badLines.size).toBe(e.dataRows - (e.validRows ?? 0));
    expect(r?.problems[0]?.line).toBeGreaterThan(1);
    expect(await catalog().listSeries()).not.toContainEqual(expect.objectContaining({ symbol: 'REJECTED' }));
  });

  it('names line 3, column Open, value "-" for the malformed Google Finance file', async () => {
    const summary = await runImport(catalog(), {
      paths: [path.join(REAL_DIR, 'google-finance/orcl-2010-googlefinance-malformed.csv')],
      overrides: { symbol: 'ORCL' },
    });
    const p = summary.files[0]?.problems[0];
    expect(p).toMatchObject({ line: 3, column: 'Open', value: '-', rule: 'missing_price' });
    expect(p?.message).toContain('line 3, column Open');
    expect(summary.files[0]?.message).toContain('Nothing was written');
  });
});

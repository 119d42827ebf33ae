import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCatalog } from '../../../src-main/engines/catalog/index';
import type { Catalog } from '../../../src-main/engines/catalog/types';
import { runImport, withMemberPlans } from '../../../src-main/engines/import/index';
import { tempDirEach } from '../../main/catalog/helpers';
import { barcat } from '../import-cli';

// A zip member is named by its archive's path and its own name, never by the temporary path it
// was unpacked to, in problems, summaries and the audit record.

const tmp = tempDirEach('barcat-zipname-');
let catalog: Catalog;
let zip: string;
let label: string;

const ROWS = [
  'timestamp,open,high,low,close,volume',
  '2024-01-01T00:00:00Z,1,2,0.5,1.5,10',
  '2024-01-01T01:00:00Z,1,0.9,0.5,1.5,10',
  '2024-01-01T02:00:00Z,1,2,0.5,1.5,10',
  '2024-01-01T03:00:00Z,1,2,0.5,1.5,10',
  '2024-01-01T04:00:00Z,1,2,0.5,1.5,10',
  '2024-01-01T05:00:00Z,1,2,0.5,1.5,10',
];

beforeEach(async () => {
  catalog = await openCatalog(path.join(tmp(), 'cat'));
  zip = path.join(tmp(), 'EURUSD-1h.zip');
  writeFileSync(zip, zipSync({ 'data/EURUSD-1h.csv': Buffer.from(`${ROWS.join('\n')}\n`) }));
  label = `${zip} › EURUSD-1h.csv`;
});
afterEach(async () => {
  await catalog.close();
});

const highProblem = () => ({
  file: label,
  line: 3,
  column: 'high',
  value: '0.9',
  rule: 'high_below_max',
  message: `${label} line 3, column high: high 0.9 is below max(open 1, close 1.5) (value "0.9"); check the vendor data or pass --on-error skip to leave the row out`,
  severity: 'error',
});

describe('zip member names', () => {
  it('results, problems and the audit record name ARCHIVE › MEMBER', async () => {
    const r = await runImport(catalog, { paths: [zip] });
    expect(r.files).toHaveLength(1);
    const f = r.files[0];
    expect(f?.file).toBe(label);
    expect(f?.status).toBe('rejected');
    expect(f?.problems).toEqual([highProblem()]);
    expect(f?.message).toBe(
      `EURUSD-1h.zip › EURUSD-1h.csv was rejected: 1 problem(s) in 1 row(s); first: ${highProblem().message}. Nothing was written.`,
    );
    const audit = JSON.parse(readFileSync(r.auditFile as string, 'utf8'));
    expect(audit.files.map((x: { file: string }) => x.file)).toEqual([label]);
    expect(Object.keys(audit.timings.perFile)).toEqual([label]);
    expect(audit.errors).toEqual([f?.message]);
    expect(JSON.stringify(audit)).not.toContain('barcat-unzip-');
  });

  it('the preview and the CLI summary name the member by its archive', async () => {
    const pv = await withMemberPlans(zip, {}, async (plans) => plans[0]?.preview);
    expect(pv?.issues).toEqual([highProblem()]);
    const cliCat = path.join(tmp(), 'cli-cat');
    await (await openCatalog(cliCat)).close();
    const run = await barcat(['import', zip, '--catalog', cliCat], tmp());
    expect(run.stdout).not.toContain('barcat-unzip-');
    expect(run.stdout.split('\n')[1]).toMatch(/^EURUSD-1h\.zip › EURUSD-1h\.csv {2}rejected /);
    expect(run.stdout.split('\n')[3]).toBe(`  ${highProblem().message}`);
  });

  it('a member that cannot be read as bars is failed under its label', async () => {
    const ticks = path.join(tmp(), 'ticks.zip');
    writeFileSync(ticks, zipSync({ 'ticks.csv': Buffer.from('time,bid,ask\n2024-01-01T00:00:00Z,1,1.1\n') }));
    const r = await runImport(catalog, { paths: [ticks] });
    expect(r.files.map((x) => [x.file, x.status, x.message])).toEqual([
      [
        `${ticks} › ticks.csv`,
        'failed',
        'ticks.zip › ticks.csv cannot be imported as bars: it holds bid/ask quotes (ticks), not OHLC bars; import it as ticks with barcat import --ticks keep|bars|both',
      ],
    ]);
  });
});

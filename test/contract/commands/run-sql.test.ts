import { describe, expect, it } from 'vitest';
import type { CommandOutput } from '../../../src-shared/contract';
import { tempCoreOf } from '../temp-core';

const { call } = tempCoreOf('barcat-runsql-');

describe("runSql through the core (the app's SQL panel)", () => {
  it('answers over the catalog views, at most maxRows rows, and says when it cut', async () => {
    const { seriesIds } = await call<{ seriesIds: string[] }>('loadSampleData');
    const counted = await call<CommandOutput<'runSql'>>('runSql', {
      sql: 'SELECT count(DISTINCT venue || symbol || timeframe) AS series FROM bars',
    });
    expect(counted).toEqual({ columns: ['series'], rows: [[String(seriesIds.length)]], truncated: false });
    const cut = await call<CommandOutput<'runSql'>>('runSql', {
      sql: 'SELECT ts FROM bars ORDER BY ts',
      maxRows: 3,
    });
    expect(cut.rows).toHaveLength(3);
    expect(cut.truncated).toBe(true);
  });

  it('refuses a statement that writes', async () => {
    await expect(call('runSql', { sql: 'CREATE TABLE x AS SELECT 1' })).rejects.toThrow(
      'barcat sql is read-only: only SELECT (and EXPLAIN) statements run over the catalog',
    );
  });
});

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discardStagingArea } from '../../../../src-main/engines/catalog/index';
import type { Catalog } from '../../../../src-main/engines/catalog/types';
import { readSample } from '../../../../src-main/engines/import/read/read-file';
import { planFromSample } from '../../../../src-main/engines/import/read/read-plan';
import { workerReader } from '../../../../src-main/engines/import/readers';
import { importCatalogEach } from '../helpers';

let dir: string;
let catalog: Catalog;
importCatalogEach((c) => ({ dir, catalog } = c));

describe('a streamed import hands its plan to the range workers', () => {
  it('the worker stages by the plan it is given, never by a plan it detects itself', async () => {
    const file = path.join(dir, 'TEST_RANGE_1h.csv');
    writeFileSync(
      file,
      'timestamp,open,high,low,close,volume\n2024-01-02 00:00:00,1,2,0.5,1.5,10\n2024-01-02 01:00:00,1,2,0.5,1.5,10\n',
    );
    // Detection alone says UTC; the plan the user saw says New York: only that plan may be used.
    const detected = planFromSample(file, await readSample(file), {});
    expect(detected.tz).toBe('UTC');
    const plan = { ...detected, tz: 'America/New_York' };
    const reader = workerReader();
    const area = await catalog.stagingArea!();
    try {
      const staged = await reader.stageRange!(
        {
          kind: 'stage',
          file,
          plan,
          range: { start: 0, end: (await readSample(file)).bytes },
          first: true,
          last: true,
          timeframe: '1h',
          key: { venue: 'TEST', symbol: 'RANGE', timeframe: '1h' },
          area,
          calendar: null,
          catalogDir: catalog.dir,
        },
        {},
      );
      expect(staged.rowsParsed).toBe(2);
      // 00:00 in New York on 2 January is 05:00 UTC.
      expect(staged.firstTs).toBe(Date.UTC(2024, 0, 2, 5));
    } finally {
      await reader.close();
      await discardStagingArea(area);
    }
  });
});

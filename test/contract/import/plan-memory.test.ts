import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_TTL_MS, PlanMemory } from '../../../src-main/app/core/plan-memory';
import { createCore } from '../../../src-main/app/create-core';
import type { CommandOutput } from '../../../src-shared/contract';
import { tempCore } from '../temp-core';

const T0 = Date.UTC(2026, 11, 6, 9);
let clock = T0;
let dir: string;
const call = tempCore(
  'barcat-plan-memory-',
  (d) => {
    dir = d;
    clock = T0;
  },
  { now: () => clock },
);

/** Writes a one-bar hourly file TEST_<symbol>_1h.csv and previews it: the file and its plan's id. */
async function previewed(symbol: string) {
  const file = path.join(dir, `TEST_${symbol}_1h.csv`);
  writeFileSync(file, 'timestamp,open,high,low,close,volume\n2024-01-02T00:00:00Z,1,2,0.5,1.5,10\n');
  const out = await call<CommandOutput<'previewImport'>>('previewImport', {
    files: [{ path: file, overrides: { venue: 'TEST', symbol, timeframe: '1h' } }],
  });
  return { file, planId: out.files[0]?.planId };
}

describe('previewed plans are kept for a while, then forgotten', () => {
  it('an import preview older than the plan lifetime is refused at start, naming why', async () => {
    const { file, planId } = await previewed('OLD');
    expect(planId).toEqual(expect.any(String));
    clock = T0 + PLAN_TTL_MS + 1;
    await expect(call('startImport', { files: [{ path: file, planId }], mode: 'merge' })).rejects.toThrow(
      'startImport: the preview of TEST_OLD_1h.csv is no longer known (the app restarted, or it was shown too long ago); preview the file again',
    );
  });

  it('a database import plan not kept is refused with the same reasons', async () => {
    // The db-import memory is the same PlanMemory: an unknown id and an expired one read alike.
    await expect(call('startDbImport', { planId: 'nope', mode: 'merge', onError: 'reject' })).rejects.toThrow(
      'database import plan nope is not known (the app was restarted, it was previewed too long ago, or never)',
    );
  });

  it('a plan previewed in one core is not startable in another (one memory per open app)', async () => {
    const { file, planId } = await previewed('TWO');
    const other = await createCore({ catalogDir: path.join(dir, 'other'), dataDir: null, now: () => clock });
    try {
      const r = await other.dispatch('startImport', { files: [{ path: file, planId }], mode: 'merge' });
      expect(r).toMatchObject({
        ok: false,
        error: {
          message:
            'the preview of TEST_TWO_1h.csv is no longer known (the app restarted, or it was shown too long ago); preview the file again',
        },
      });
    } finally {
      await other.close();
    }
  });

  it('keeps at most its bound, forgetting the oldest, and each plan for its lifetime only', () => {
    const m = new PlanMemory<string>(2, 1_000);
    const a = m.keep('a', 0);
    const b = m.keep('b', 10);
    const c = m.keep('c', 20);
    expect([m.get(a, 20), m.get(b, 20), m.get(c, 20)]).toEqual([undefined, 'b', 'c']);
    expect([m.get(b, 1_010), m.get(b, 1_011)]).toEqual(['b', undefined]);
    // Forgotten once expired, even if the clock were set back.
    expect(m.get(b, 20)).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IdlePool } from '../../../src-main/plumbing/workers/idle-pool';
import type { WorkerPool } from '../../../src-main/plumbing/workers/pool';

// A stand-in for a WorkerPool: only close() is called by IdlePool itself.
function fakePool(): WorkerPool<string, string> & { closes: number } {
  const fake = { closes: 0, close: async () => void fake.closes++ };
  return fake as unknown as WorkerPool<string, string> & { closes: number };
}

describe('IdlePool', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('starts on first use, stays open while in use, closes once idle for the given time', async () => {
    const made: ReturnType<typeof fakePool>[] = [];
    const idle = new IdlePool(() => {
      const p = fakePool();
      made.push(p);
      return p;
    }, 1000);
    expect(idle.running).toBe(false);
    let finish!: () => void;
    const busy = idle.use(
      () => new Promise<string>((r) => (finish = () => r('worker'))),
      async () => 'in-thread',
    );
    expect(idle.running).toBe(true);
    await vi.advanceTimersByTimeAsync(5000);
    expect(made[0]!.closes).toBe(0);
    finish();
    expect(await busy).toBe('worker');
    await vi.advanceTimersByTimeAsync(999);
    expect(idle.running).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(idle.running).toBe(false);
    expect(made[0]!.closes).toBe(1);
    // The next use starts a new pool.
    expect(
      await idle.use(
        async () => 'again',
        async () => 'in-thread',
      ),
    ).toBe('again');
    expect(made).toHaveLength(2);
    await idle.close();
    expect(made[1]!.closes).toBe(1);
  });

  it('works in-thread when no pool can be started', async () => {
    const idle = new IdlePool<string, string>(() => undefined, 1000);
    expect(
      await idle.use(
        async () => 'worker',
        async () => 'in-thread',
      ),
    ).toBe('in-thread');
    expect(idle.running).toBe(false);
    await idle.close();
  });
});

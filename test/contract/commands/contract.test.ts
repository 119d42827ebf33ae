import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, commands, EVENT_NAMES, events } from '../../../src-shared/contract';
import { tempCoreOf } from '../temp-core';
import { BAD_INPUTS, SAMPLE_INPUTS } from './samples';

const { core } = tempCoreOf('barcat-contract-', { perFile: true });

describe('contract', () => {
  it('has a handler for every command and no handler without a command', () => {
    expect(Object.keys(core().handlers).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it('accepts the sample input of every command', () => {
    for (const name of COMMAND_NAMES) {
      const parsed = commands[name].input.safeParse(SAMPLE_INPUTS[name]);
      expect(parsed.success, `${name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it.each(BAD_INPUTS)(
    'refuses bad %s input with a message naming the field',
    async (name, input, fragment) => {
      const r = await core().dispatch(name, input);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.error.code).toBe('BAD_INPUT');
      expect(r.error.message.startsWith(`${name}: `)).toBe(true);
      expect(r.error.message).toContain(fragment);
    },
  );

  it('refuses an unknown command', async () => {
    expect(await core().dispatch('dropTables', {})).toEqual({
      ok: false,
      error: { code: 'USAGE', message: 'unknown command "dropTables"' },
    });
  });

  it('turns a failing handler into an error value, never a throw', async () => {
    const r = await core().dispatch('availability', { id: 'NOWHERE:NOTHING:1h' });
    expect(r.ok).toBe(false);
    const bad = await core().dispatch('availability', { id: 'BINANCE:BTCUSDT:7x' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    if (!bad.ok)
      expect(bad.error.message).toContain('"7x" is not a timeframe: write a whole number and a unit');
  });

  it('answers every read command with output that parses by its own schema', async () => {
    const sample = await core().dispatch('loadSampleData', {});
    expect(sample.ok).toBe(true);
    const reads = [
      'catalogInfo',
      'listSeries',
      'availability',
      'gapChart',
      'queryPreview',
      'listJobs',
      'getSettings',
    ] as const;
    for (const name of reads) {
      const input = name === 'gapChart' ? { id: 'BINANCE:BTCUSDT:1h', pixels: 100 } : SAMPLE_INPUTS[name];
      const r = await core().dispatch(name, input);
      expect(r.ok, `${name}: ${JSON.stringify(r)}`).toBe(true);
      if (r.ok) expect(commands[name].output.safeParse(r.value).success, name).toBe(true);
    }
  });

  it('declares a payload schema for every event', () => {
    expect(EVENT_NAMES.sort()).toEqual([
      'catalogChanged',
      'healthAlert',
      'jobChanged',
      'jobProgress',
      'qualityChanged',
      'schedulesChanged',
      'seriesChanged',
    ]);
    expect(events.seriesChanged.payload.safeParse({ ids: ['BINANCE:BTCUSDT:1h'] }).success).toBe(true);
    expect(events.seriesChanged.payload.safeParse({ ids: 'x' }).success).toBe(false);
  });
});

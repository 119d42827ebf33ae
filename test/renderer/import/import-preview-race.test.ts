import { beforeEach, describe, expect, it } from 'vitest';
import { installTransport } from '../../../src-renderer/api/client';
import { useImportStore } from '../../../src-renderer/stores/import';
import type { ImportFilePreview } from '../../../src-shared/contract';
import { fakeTransport } from '../fake-transport';
import { okPreview } from './helpers';

// Preview answers can come back in any order: only the newest asked for each row may land, on
// that row, and Start waits while one is still awaited.
type PreviewInput = { files: { path: string; overrides?: { tz?: string } }[] };

const preview = (path: string, tz = 'UTC'): ImportFilePreview => okPreview(path, tz, 0, `plan-${path}-${tz}`);

/** previewImport calls after the first wait here until the test answers them, in any order. */
function heldPreviews() {
  const held: { input: PreviewInput; answer: () => void }[] = [];
  let first = true;
  const previewImport = (input: unknown) => {
    const files = (input as PreviewInput).files.map((f) => preview(f.path, f.overrides?.tz));
    if (first) {
      first = false;
      return { files };
    }
    return new Promise((resolve) =>
      held.push({ input: input as PreviewInput, answer: () => resolve({ files }) }),
    );
  };
  return { held, previewImport };
}

const tzs = () => useImportStore.getState().previews.map((p) => [p.path, p.preview?.tz]);

describe('import preview refresh', () => {
  let held: ReturnType<typeof heldPreviews>['held'];
  let calls: ReturnType<typeof fakeTransport>['calls'];

  beforeEach(async () => {
    const previews = heldPreviews();
    held = previews.held;
    const fake = fakeTransport({
      previewImport: previews.previewImport,
      listCalendars: () => ['24x7'],
      startImport: () => ({ jobId: 'import-1' }),
    });
    calls = fake.calls;
    installTransport(fake.transport);
    useImportStore.getState().close();
    await useImportStore.getState().begin([
      { file: {} as File, relativePath: 'a.csv' },
      { file: {} as File, relativePath: 'b.csv' },
    ]);
  });

  it('keeps the newer of two overrides answered out of order, and starts only once it is in', async () => {
    const older = useImportStore.getState().override(0, { tz: 'Asia/Tokyo' });
    const newer = useImportStore.getState().override(0, { tz: 'Europe/Paris' });
    expect(useImportStore.getState().refreshing).not.toEqual({});
    await useImportStore.getState().start();
    expect(calls.map((c) => c.name)).not.toContain('startImport');
    held[1]!.answer();
    await newer;
    held[0]!.answer();
    await older;
    expect(tzs()).toEqual([
      ['/staged/a.csv', 'Europe/Paris'],
      ['/staged/b.csv', 'UTC'],
    ]);
    expect(useImportStore.getState().refreshing).toEqual({});
    await useImportStore.getState().start();
    expect(calls.at(-1)).toEqual({
      name: 'startImport',
      input: {
        files: [
          { path: '/staged/a.csv', planId: 'plan-/staged/a.csv-Europe/Paris' },
          { path: '/staged/b.csv', planId: 'plan-/staged/b.csv-UTC' },
        ],
        mode: 'skip',
        onError: 'reject',
        force: false,
      },
    });
  });

  it.each([
    ['drops the answer for a row removed while its preview was pending', 0, [['/staged/b.csv', 'UTC']]],
    [
      'puts the answer on its own row when a row above it was removed meanwhile',
      1,
      [['/staged/b.csv', 'Asia/Tokyo']],
    ],
  ] as const)('%s', async (_what, row, after) => {
    // Row `row` asks for Tokyo; the first row goes before the answer comes.
    const pending = useImportStore.getState().override(row, { tz: 'Asia/Tokyo' });
    useImportStore.getState().remove(0);
    held[0]!.answer();
    await pending;
    expect(tzs()).toEqual(after);
    expect(useImportStore.getState().refreshing).toEqual({});
  });
});

describe('the cards of a dropped archive', () => {
  const ZIP = '/staged/klines.zip';
  const card = (member: string, symbol: string): ImportFilePreview => ({
    ...preview(ZIP),
    member,
    name: `klines.zip › ${member}`,
    seriesId: `BINANCE:${symbol}:1m`,
    planId: `plan-${member}-${symbol}`,
  });

  it('re-previews only the overridden member and starts each member with its own plan', async () => {
    const fake = fakeTransport({
      previewImport: (input: unknown) => {
        const f = (input as { files: { member?: string; overrides?: { symbol?: string } }[] }).files[0]!;
        return f.member
          ? { files: [card(f.member, f.overrides?.symbol ?? 'BTCUSDT')] }
          : { files: [card('BTCUSDT-1m.csv', 'BTCUSDT'), card('ETHUSDT-1m.csv', 'ETHUSDT')] };
      },
      listCalendars: () => ['24x7'],
      startImport: () => ({ jobId: 'import-1' }),
    });
    installTransport(fake.transport);
    useImportStore.getState().close();
    await useImportStore.getState().begin([{ file: {} as File, relativePath: 'klines.zip' }]);
    await useImportStore.getState().override(0, { symbol: 'XBTUSDT' });
    expect(fake.calls.at(-1)).toEqual({
      name: 'previewImport',
      input: { files: [{ path: ZIP, member: 'BTCUSDT-1m.csv', overrides: { symbol: 'XBTUSDT' } }] },
    });
    expect(useImportStore.getState().previews.map((p) => [p.member, p.seriesId])).toEqual([
      ['BTCUSDT-1m.csv', 'BINANCE:XBTUSDT:1m'],
      ['ETHUSDT-1m.csv', 'BINANCE:ETHUSDT:1m'],
    ]);
    await useImportStore.getState().start();
    expect(fake.calls.at(-1)).toEqual({
      name: 'startImport',
      input: {
        files: [
          { path: ZIP, member: 'BTCUSDT-1m.csv', planId: 'plan-BTCUSDT-1m.csv-XBTUSDT' },
          { path: ZIP, member: 'ETHUSDT-1m.csv', planId: 'plan-ETHUSDT-1m.csv-ETHUSDT' },
        ],
        mode: 'skip',
        onError: 'reject',
        force: false,
      },
    });
  });
});

import { writeFileSync } from 'node:fs';
import type { Locator } from 'playwright-core';
import { batchFromBars, openCatalog } from '../../../src-main/engines/catalog/index';
import { sharedSettingsPath } from '../../../src-main/engines/schedule/settings-file';
import { parseSeriesId } from '../../../src-shared/domain/series';
import { floorToTimeframe, HOUR } from '../../../src-shared/domain/timeframe';
import { expectedBars, type ProviderServer } from '../../helpers/provider-server/index';

/** The start of the current hour: the stand-in's bars are closed up to it. */
export function thisHour(): number {
  return floorToTimeframe(Date.now(), '1h');
}

/**
 * A new catalog holding the stand-in's hourly bars of each series in [from, to), Binance series kept
 * current by binance-spot, and the stand-in's URL in the shared settings file (`barcat schedule run-due` reads it).
 */
export async function seedScheduledCatalog(
  catalogDir: string,
  provider: ProviderServer,
  series: readonly { id: string; symbol: string; from: number; to: number }[],
): Promise<void> {
  const catalog = await openCatalog(catalogDir, { create: true });
  for (const { id, symbol, from, to } of series) {
    const key = parseSeriesId(id);
    await catalog.write(
      key,
      batchFromBars(expectedBars(provider.spec, symbol, HOUR, from, to, Date.now())),
      'merge',
    );
    if (key.venue === 'BINANCE') await catalog.setProvider!(key, 'binance-spot');
  }
  await catalog.close();
  writeFileSync(
    sharedSettingsPath(catalogDir),
    JSON.stringify({ version: 1, providers: { 'binance-spot': { baseUrl: provider.url } } }),
  );
}

/** Sets the schedule form in `form` to "every `minutes` minutes" and saves it with its `save` button. */
export async function saveEverySchedule(form: Locator, minutes: number, save: string): Promise<void> {
  await form.getByTestId('schedule-kind').selectOption('every');
  await form.getByTestId('schedule-minutes').fill(String(minutes));
  await form.getByTestId(save).click();
}

import {
  type SettingsProblem,
  SettingsProblemSchema,
} from '../../../src-shared/domain/settings/settings-problem';
import { ApiError, errorText } from '../../api/client';

/** A refused settings change or catalog folder: main's reason (when it sent one) and the words to show. */
export interface SettingsError {
  problem: SettingsProblem | null;
  text: string;
}

/** The reason main sent in the error's details, worded; anything else keeps main's message. */
export function settingsError(err: unknown): SettingsError {
  const parsed = err instanceof ApiError ? SettingsProblemSchema.safeParse(err.wire.details) : null;
  if (!parsed?.success) return { problem: null, text: errorText(err) };
  return { problem: parsed.data, text: problemText(parsed.data) };
}

export function problemText(p: SettingsProblem): string {
  switch (p.reason) {
    case 'unknown-time-zone':
      return `“${p.timeZone}” is not a time zone. Use a name such as UTC, Europe/Berlin or America/New_York.`;
    case 'relative-path':
      return `“${p.dir}” is a relative path. Give the folder's full path, e.g. /home/you/barcat-catalog.`;
    case 'not-a-folder':
      return `${p.dir} is a file, not a folder.`;
    case 'no-such-folder':
      return `There is no folder ${p.dir}. Check the path, or use New catalog to create a catalog there.`;
    case 'not-a-catalog':
      return `${p.dir} is not a Barcat catalog. Check the path, or use New catalog to create one there.`;
    case 'outside-catalogs-root':
      return `In the browser, new catalogs go inside ${p.root}. Choose a folder there.`;
    case 'open-outside-catalogs-root':
      return `In the browser, Barcat opens only catalogs inside ${p.root} (and the one it was started on). ${p.dir} is not there: move or copy the catalog into that folder, or start the web host with --catalogs naming its parent.`;
    case 'PAGE_SERVER':
      return `In the browser, Barcat does not change a provider's server (${p.baseUrl || 'empty'}). Set it in settings.json beside the web host's data, then restart the web host.`;
  }
}

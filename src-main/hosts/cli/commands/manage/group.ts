import type { Command } from '../../command';
import { writeAnswer } from '../../io/answer';
import { stringOptions } from '../../io/option-groups';

const USAGE =
  'group list [--json] | group add NAME [--venue PATTERN] [--symbol PATTERN] [--timeframe PATTERN] [--provider PATTERN] | group remove NAME';

export const groupCommand: Command = {
  name: 'group',
  summary: 'Saved filters of series by venue, symbol, timeframe and provider ("*" matches anything)',
  usage: USAGE,
  options: stringOptions('venue', 'symbol', 'timeframe', 'provider'),
  async run({ values, positionals, catalogDir, json, io }) {
    const { BarcatError } = await import('../../../../plumbing/errors');
    const { readSharedSettings, editSharedSettings } = await import(
      '../../../../engines/schedule/settings-file'
    );
    const { putGroup, dropGroup } = await import('../../../../engines/schedule/groups');
    const usage = `usage: barcat ${USAGE}`;
    const [action, name] = positionals;
    if (action === 'list' || action === undefined) {
      const { groups } = await readSharedSettings(catalogDir);
      const line = (g: (typeof groups)[number]) =>
        `${g.name}  ${
          (['venue', 'symbol', 'timeframe', 'provider'] as const)
            .filter((k) => g[k] !== undefined)
            .map((k) => `${k}=${g[k]}`)
            .join(' ') || '(every series)'
        }\n`;
      writeAnswer(io, json, groups, () =>
        groups.length ? groups.map(line).join('') : 'no groups; "barcat group add" makes one\n',
      );
      return 0;
    }
    if (!name) throw new BarcatError('USAGE', `missing group NAME; ${usage}`);
    if (action === 'add') {
      const filter = Object.fromEntries(
        (['venue', 'symbol', 'timeframe', 'provider'] as const)
          .filter((k) => typeof values[k] === 'string')
          .map((k) => [k, values[k] as string]),
      );
      await editSharedSettings(catalogDir, (s) => putGroup(s, { name, ...filter }, { replace: false }));
      writeAnswer(io, json, { added: name }, () => `added group ${name}\n`);
      return 0;
    }
    if (action === 'remove') {
      await editSharedSettings(catalogDir, (s) => dropGroup(s, name));
      writeAnswer(io, json, { removed: name }, () => `removed group ${name}\n`);
      return 0;
    }
    throw new BarcatError('USAGE', `unknown group action "${action}"; ${usage}`);
  },
};

import { writeAnswer } from '../../io/answer';
import { catalogCommand } from './catalog-command';

export const rebuildCommand = catalogCommand(
  {
    name: 'rebuild',
    summary: 'Recreate every series manifest from the Parquet files on disk',
  },
  async (catalog, { json, io }) => {
    const r = await catalog.rebuild();
    writeAnswer(io, json, r, () => {
      const lines = [
        `rebuilt ${r.manifestsWritten} manifests for ${r.series} series (${r.partitions} partitions)`,
        ...r.quarantined.map((q) => `quarantined ${q.file}: ${q.reason}`),
        ...(r.outside ?? []).map((o) => `not entered: ${o}`),
      ];
      return `${lines.join('\n')}\n`;
    });
    return 0;
  },
);

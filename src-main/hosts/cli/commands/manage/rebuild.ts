import { catalogCommand } from './catalog-command';

export const rebuildCommand = catalogCommand(
  {
    name: 'rebuild',
    summary: 'Recreate every series manifest from the Parquet files on disk',
    usage: 'rebuild [--json]',
  },
  async (catalog, { json, io }) => {
    const r = await catalog.rebuild();
    if (json) io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      io.stdout.write(
        `rebuilt ${r.manifestsWritten} manifests for ${r.series} series (${r.partitions} partitions)\n`,
      );
      for (const q of r.quarantined) io.stdout.write(`quarantined ${q.file}: ${q.reason}\n`);
      for (const o of r.outside ?? []) io.stdout.write(`not entered: ${o}\n`);
    }
    return 0;
  },
);

import { catalogCommand } from './catalog-command';

export const verifyCommand = catalogCommand(
  {
    name: 'verify',
    summary: 'Check every partition file (checksum, readability); quarantine bad ones',
    usage: 'verify [--json]',
  },
  async (catalog, { json, io }) => {
    const r = await catalog.verify();
    const broken = r.brokenManifests ?? [];
    const unlisted = r.unlisted ?? [];
    if (json) io.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
    else {
      io.stdout.write(
        `${r.partitionsChecked} partitions checked, ${r.ok} ok, ${r.quarantined.length} quarantined\n`,
      );
      for (const q of r.quarantined) io.stdout.write(`quarantined ${q.file} (${q.series}): ${q.reason}\n`);
      for (const b of broken) io.stdout.write(`bad manifest or entry: ${b}\n`);
      for (const u of unlisted)
        io.stdout.write(
          u.quarantined
            ? `unlisted partition file ${u.file} (${u.series}): its manifest names other files; moved to .quarantine\n`
            : `unlisted partition file ${u.file} (${u.series}): no manifest lists it; run "barcat rebuild" to adopt it\n`,
        );
      for (const f of r.leftoversRemoved ?? [])
        io.stdout.write(`removed ${f} (left by a process that is gone)\n`);
      if (r.quarantined.length > 0)
        io.stdout.write('quarantined files are in .quarantine/ with a note; their ranges now show as gaps\n');
    }
    return r.quarantined.length > 0 || broken.length > 0 || unlisted.length > 0 ? 1 : 0;
  },
);

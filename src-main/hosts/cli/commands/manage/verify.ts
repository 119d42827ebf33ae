import { writeAnswer } from '../../io/answer';
import { catalogCommand } from './catalog-command';

export const verifyCommand = catalogCommand(
  {
    name: 'verify',
    summary: 'Check every partition file (checksum, readability); quarantine bad ones',
  },
  async (catalog, { json, io }) => {
    const r = await catalog.verify();
    const broken = r.brokenManifests ?? [];
    const unlisted = r.unlisted ?? [];
    writeAnswer(io, json, r, () => {
      const lines = [
        `${r.partitionsChecked} partitions checked, ${r.ok} ok, ${r.quarantined.length} quarantined`,
        ...r.quarantined.map((q) => `quarantined ${q.file} (${q.series}): ${q.reason}`),
        ...broken.map((b) => `bad manifest or entry: ${b}`),
        ...unlisted.map((u) =>
          u.quarantined
            ? `unlisted partition file ${u.file} (${u.series}): its manifest names other files; moved to .quarantine`
            : `unlisted partition file ${u.file} (${u.series}): no manifest lists it; run "barcat rebuild" to adopt it`,
        ),
        ...(r.leftoversRemoved ?? []).map((f) => `removed ${f} (left by a process that is gone)`),
        ...(r.quarantined.length > 0
          ? ['quarantined files are in .quarantine/ with a note; their ranges now show as gaps']
          : []),
      ];
      return `${lines.join('\n')}\n`;
    });
    return r.quarantined.length > 0 || broken.length > 0 || unlisted.length > 0 ? 1 : 0;
  },
);

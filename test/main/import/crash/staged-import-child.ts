// Child process for staged-crash.test.ts: one streamed import (every file counts as large), so its
// partitions are staged and committed through Catalog.writeStaged. Killed there by BARCAT_CRASH_AT.
import { openCatalog } from '../../../../src-main/engines/catalog/index';
import { runImport } from '../../../../src-main/engines/import/index';

const [dir, file] = process.argv.slice(2) as [string, string];
const catalog = await openCatalog(dir);
const summary = await runImport(
  catalog,
  { paths: [file], overrides: { symbol: 'NZDUSD', timeframe: '1m' } },
  { streamBytes: 1 },
);
process.stdout.write(JSON.stringify(summary.files.map((f) => f.status)));
await catalog.close();

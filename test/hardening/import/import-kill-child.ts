// Child process for import-kill.test.ts: `barcat import FILE` as the CLI runs it, but through the
// streamed path (every file counts as large), which the CLI only takes for files of 64 MiB and more.
import { openCatalog } from '../../../src-main/engines/catalog/index';
import { closeImportWorkers, runImport } from '../../../src-main/engines/import/index';

const [dir, file] = process.argv.slice(2) as [string, string];
const catalog = await openCatalog(dir);
const summary = await runImport(catalog, { paths: [file] }, { streamBytes: 1 });
process.stdout.write(JSON.stringify(summary.files.map((f) => f.status)));
await catalog.close();
await closeImportWorkers();

// Run by tsx from test/contract/jobs/job-files.test.ts: starts an import through the core, then dies by
// SIGKILL while the import runs, the way a crash or a force-quit ends the app.
import { createCore } from '../../src-main/app/create-core';

async function main(): Promise<void> {
  const [catalogDir, csv] = process.argv.slice(2);
  const core = await createCore({ catalogDir: catalogDir!, dataDir: null });
  const r = await core.dispatch('startImport', {
    files: [{ path: csv!, overrides: { venue: 'TEST', symbol: 'CRASH', timeframe: '1m' } }],
    mode: 'skip',
  });
  if (!r.ok) throw new Error(r.error.message);
  process.kill(process.pid, 'SIGKILL');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

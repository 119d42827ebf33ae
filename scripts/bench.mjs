// `npm run bench [NAME...]`: runs each bench/*.bench.ts in its own process (so peak RSS is its own),
// one after another; each prints its figures and merges them into bench/results.json.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const only = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
spawnSync('node', ['scripts/build-node.mjs'], { stdio: 'inherit' });
for (const f of files) {
  console.log(`\n=== bench/${f}`);
  const r = spawnSync('npx', ['tsx', `bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
console.log(`\n${files.length - failed} benches ran, ${failed} failed; figures in bench/results.json`);
process.exitCode = failed ? 1 : 0;

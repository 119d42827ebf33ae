// The README's test command: type-check, lint, then every vitest project (unit, integration, e2e).
// Prints one closing line `N passed, N failed` that counts the checks and the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';

// The end-to-end tests drive Debian's Chromium, the db tests private PostgreSQL and ClickHouse servers:
// install what is missing when we can (root, apt), else stop at once with the one line that installs it.
const CHROMIUM = '/usr/bin/chromium';
// Debian's postgresql puts initdb under /usr/lib/postgresql/<major>/bin (any major will do).
const PG_VERSIONS = existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [];
const PG_BINS = ['/usr/local/bin/initdb', ...PG_VERSIONS.map((v) => `/usr/lib/postgresql/${v}/bin/initdb`)];
const CH_BINS = ['/usr/bin/clickhouse-server', '/usr/sbin/clickhouse-server', '/usr/bin/clickhouse'];
const needs = [
  ['chromium', [CHROMIUM]],
  ['postgresql', PG_BINS],
  ['clickhouse-server', CH_BINS],
];
const missing = () => needs.filter(([, files]) => !files.some((f) => existsSync(f))).map(([pkg]) => pkg);
if (missing().length > 0) {
  const canApt = process.getuid?.() === 0 && spawnSync('apt-get', ['--version']).status === 0;
  if (canApt) {
    console.log(`== installing ${missing().join(' ')} (apt-get)`);
    spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    spawnSync('apt-get', ['install', '-y', ...missing()], { stdio: 'inherit' });
  }
  if (missing().length > 0) {
    console.log(
      `Missing ${missing().join(', ')}; install with: sudo apt-get install -y ${missing().join(' ')}`,
    );
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  }
}

const steps = [
  ['typecheck', 'npm', ['run', '-s', 'typecheck']],
  ['lint', 'npx', ['biome', 'ci', '--colors=off', '.']],
];
let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  console.log(`\n== ${name}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) passed++;
  else {
    failed++;
    console.log(`${name} failed (exit ${r.status})`);
  }
}

mkdirSync('test-results', { recursive: true });
const report = 'test-results/vitest.json';
console.log('\n== vitest');
const extra = process.argv.slice(2);
const v = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  { stdio: 'inherit' },
);
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed += json.numPassedTests ?? 0;
  failed += json.numFailedTests ?? 0;
  // A suite that failed to load has no failed tests but must still fail the run.
  const brokenSuites = (json.testResults ?? []).filter(
    (s) => s.status === 'failed' && s.assertionResults.length === 0,
  );
  failed += brokenSuites.length;
  if ((json.numTotalTests ?? 0) === 0) failed++;
} else {
  failed++;
}
if (v.status !== 0 && failed === 0) failed++;
console.log(`\n${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;

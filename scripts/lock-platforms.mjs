// Completes package-lock.json with the optional per-platform binary packages (biome, duckdb) that this
// machine's registry mirror does not serve: npm then omits them from the lock and `npm ci` refuses the
// lock as out of sync. Each entry gets os/cpu/libc from its name, so npm skips it on other platforms
// without fetching. Run after any `npm install`: node scripts/lock-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const LOCK = 'package-lock.json';
const lock = JSON.parse(readFileSync(LOCK, 'utf8'));
const packages = lock.packages;
const PLATFORM_RE = /-(android|darwin|linux|win32)-(arm64|x64)(-musl)?$/;
let added = 0;
for (const meta of Object.values(packages)) {
  for (const [dep, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const m = PLATFORM_RE.exec(dep);
    const key = `node_modules/${dep}`;
    if (!m || packages[key]) continue;
    const entry = { version, dev: meta.dev, optional: true, os: [m[1]], cpu: [m[2]] };
    if (m[1] === 'linux') entry.libc = [m[3] ? 'musl' : 'glibc'];
    if (!entry.dev) delete entry.dev;
    packages[key] = entry;
    added++;
  }
}
writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added} optional platform entries`);

// `npm start`: the Electron app when an Electron binary is installed, else the web host in a browser.
// `npm run serve` (--web): always the web host. Builds whatever is missing first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const web = args.includes('--web');
const passThrough = args.filter((a) => a !== '--web');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function stale(output, sources) {
  if (!existsSync(output)) return true;
  const built = statSync(output).mtimeMs;
  return sources.some((s) => existsSync(path.join(root, s)) && newestMtime(path.join(root, s)) > built);
}

function run(cmd, cmdArgs) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const electronBinary = (() => {
  const dist = path.join(root, 'node_modules', 'electron', 'dist');
  return existsSync(dist) && readdirSync(dist).length > 0;
})();

if (stale(path.join(root, 'out/renderer/index.html'), ['src-renderer', 'src-shared', 'src-main'])) {
  console.log('building the app (electron-vite build)…');
  run('npx', ['electron-vite', 'build']);
}
if (stale(path.join(root, 'out/node/serve.js'), ['src-main', 'src-shared'])) {
  run(process.execPath, ['scripts/build-node.mjs']);
}

const child =
  !web && electronBinary
    ? spawn(
        path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'electron.cmd' : 'electron'),
        ['.', ...passThrough],
        {
          cwd: root,
          stdio: 'inherit',
        },
      )
    : spawn(process.execPath, [path.join(root, 'out/node/serve.js'), ...passThrough], {
        cwd: root,
        stdio: 'inherit',
      });
if (!web && !electronBinary)
  console.log('no Electron binary installed (npm run electron:install); starting the web host instead');
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));

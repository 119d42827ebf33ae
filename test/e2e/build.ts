import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Builds the renderer (electron-vite) and the node bundles when their sources are newer. */
export function buildApp(): void {
  const index = path.join(repoRoot, 'out/renderer/index.html');
  const sources = ['src-renderer', 'src-shared', 'src-main'].map((d) => path.join(repoRoot, d));
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  if (sources.some((s) => newest(s) > built)) {
    const r = spawnSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`electron-vite build failed:\n${r.stdout}\n${r.stderr}`);
  }
  const n = spawnSync(process.execPath, ['scripts/build-node.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (n.status !== 0) throw new Error(`build-node failed:\n${n.stdout}\n${n.stderr}`);
}

#!/usr/bin/env node
// Runs the bundled CLI; in a source checkout it first rebuilds the bundle when a source file is newer.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundle = path.join(root, 'out/node/barcat.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    const t = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs;
    if (t > newest) newest = t;
  }
  return newest;
}

function isStale() {
  if (!existsSync(bundle)) return true;
  if (!existsSync(path.join(root, 'src-main'))) return false;
  const built = statSync(bundle).mtimeMs;
  return (
    newestMtime(path.join(root, 'src-main')) > built || newestMtime(path.join(root, 'src-shared')) > built
  );
}

if (isStale()) {
  const { buildNode } = await import(pathToFileURL(path.join(root, 'scripts/build-node.mjs')).href);
  await buildNode({ quiet: true });
}
await import(pathToFileURL(bundle).href);

// Load hook of test/helpers/module-trace.mjs (runs on Node's loader thread): names each ES module.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function load(url, context, next) {
  const file = process.env.BARCAT_MODULE_TRACE;
  if (file && url.startsWith('file:')) appendFileSync(file, `${fileURLToPath(url)}\n`);
  return next(url, context);
}

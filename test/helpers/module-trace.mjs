// `node --import` preload for tests of what a process loads: every ES module Node loads (through a
// load hook) and every CommonJS module left in require.cache at exit are appended, one path a line,
// to the file named by $BARCAT_MODULE_TRACE.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

register('./module-trace-hooks.mjs', import.meta.url);
const required = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const file = process.env.BARCAT_MODULE_TRACE;
  if (file)
    appendFileSync(
      file,
      Object.keys(required)
        .map((p) => `${p}\n`)
        .join(''),
    );
});

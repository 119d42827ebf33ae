import { runCli } from './main';

// Entry of the bundled CLI (out/node/barcat.js); everything else lives in runCli so tests call it in-process.
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  cwd: process.cwd(),
});
process.exitCode = code;

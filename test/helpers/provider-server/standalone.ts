// Runs the stand-in server in its own process (benches, manual tries): options as JSON in argv[2],
// prints the base URL on stdout, stops on SIGTERM or when stdin closes.
import { startProviderServer } from './index';
import type { ProviderServerOptions } from './types';

const raw = JSON.parse(process.argv[2] ?? '{}') as ProviderServerOptions & { fixedNow?: number };
const fixedNow = raw.fixedNow;
const server = await startProviderServer({ ...raw, now: fixedNow ? () => fixedNow : undefined });
process.stdout.write(`${server.url}\n`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();

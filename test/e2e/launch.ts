import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { _electron, type Browser, chromium, type Page } from 'playwright-core';
import { repoRoot } from './build';

export interface AppHandle {
  kind: 'web' | 'electron';
  page: Page;
  close(): Promise<void>;
}

export const CHROMIUM = process.env.BARCAT_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-gpu',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function electronInstalled(): boolean {
  const dist = path.join(repoRoot, 'node_modules/electron/dist');
  return existsSync(dist) && readdirSync(dist).length > 0;
}

/** The e2e target: BARCAT_E2E_TARGET=electron drives the Electron app (when installed); else the web host. */
export function target(): 'web' | 'electron' {
  return process.env.BARCAT_E2E_TARGET === 'electron' && electronInstalled() ? 'electron' : 'web';
}

/** Starts the app on `catalogDir` with --create: a fresh catalog, as on a first start. */
export async function launchApp(opts: {
  catalogDir: string;
  dataDir: string;
  env?: Record<string, string>;
  /** The web host's exports folder (`--exports`; default DATA_DIR/exports): exports go only inside it. */
  exportsDir?: string;
}): Promise<AppHandle> {
  const env = { ...process.env, ...opts.env } as Record<string, string>;
  if (target() === 'electron') {
    const app = await _electron.launch({
      cwd: repoRoot,
      args: ['.', '--catalog', opts.catalogDir, '--create', `--user-data-dir=${opts.dataDir}`],
      env,
    });
    const page = await app.firstWindow();
    await page.setViewportSize({ width: 1440, height: 900 });
    return { kind: 'electron', page, close: () => app.close() };
  }
  const proc: ChildProcess = spawn(
    process.execPath,
    [
      'out/node/serve.js',
      '--catalog',
      opts.catalogDir,
      '--create',
      '--data-dir',
      opts.dataDir,
      ...(opts.exportsDir ? ['--exports', opts.exportsDir] : []),
      // The test's own folder is where its page may create catalogs (the default is the user's data folder).
      '--catalogs',
      opts.dataDir,
    ],
    { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  proc.stderr!.on('data', (d) => {
    stderr += String(d);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += String(d);
      const m = /running at (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.on('exit', (code) => reject(new Error(`web host exited with ${code}: ${stderr}`)));
  });
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  // A context of its own (not browser.newPage) so a test can open other pages beside the app's.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  return {
    kind: 'web',
    page,
    close: async () => {
      await browser.close();
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
    },
  };
}

export const SCREENSHOTS = path.join(repoRoot, 'test-results/screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

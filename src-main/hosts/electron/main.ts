import { app, BrowserWindow, safeStorage } from 'electron';
import { type Core, createCore } from '../../app/create-core';
import { type StartupCatalog, startupCatalog } from '../cli/paths';
import { startMetricsServer } from '../web/metrics-server';
import { forwardEvents, registerIpc } from './ipc-main';
import { keyStorageWarning } from './key-storage-warning';
import { showHealthAlerts } from './notifications';
import { safeStorageSecrets } from './secrets';
import { createMainWindow, isOwnPage, lockDownSession } from './window';

// The Electron shell: lifecycle and wiring only; everything else is the same core the web host runs.
let core: Core | null = null;

function catalogFromArgs(): StartupCatalog {
  const i = process.argv.indexOf('--catalog');
  const named = i > 0 && process.argv[i + 1] ? process.argv[i + 1] : undefined;
  return startupCatalog(named, process.argv.includes('--create'), process.env);
}

async function start(): Promise<void> {
  await app.whenReady();
  lockDownSession();
  // getSelectedStorageBackend exists on Linux only, where the fallback happens.
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os';
  const warning = keyStorageWarning(process.platform, backend);
  if (warning) console.warn(warning);
  const catalog = catalogFromArgs();
  core = await createCore({
    catalogDir: catalog.dir,
    create: catalog.create,
    howToCreate: catalog.howToCreate,
    dataDir: app.getPath('userData'),
    secrets: safeStorageSecrets(),
    // The opt-in metrics port (Settings): the core opens, closes and moves it as the setting changes.
    serveMetrics: startMetricsServer,
  });
  const c = core;
  showHealthAlerts(c);
  const windows = new Set<BrowserWindow>();
  registerIpc(c, (sender, frameUrl) => {
    const win = BrowserWindow.fromWebContents(sender);
    return win !== null && windows.has(win) && isOwnPage(frameUrl);
  });
  const open = () => {
    const win = createMainWindow();
    windows.add(win);
    const stop = forwardEvents(c, win.webContents);
    win.on('closed', () => {
      stop();
      windows.delete(win);
    });
  };
  open();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
}

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('will-quit', () => {
  void core?.close();
});

start().catch((err: unknown) => {
  console.error(`Barcat could not start: ${err instanceof Error ? err.message : String(err)}`);
  app.exit(1);
});

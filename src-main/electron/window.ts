import path from 'node:path';
import { BrowserWindow, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../web/static-files';

export const RENDERER_INDEX = path.join(__dirname, '../renderer/index.html');
const PRELOAD = path.join(__dirname, '../preload/index.cjs');

/** The page our window may show: the bundled renderer and nothing else. */
export function isOwnPage(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'file:' &&
      path.normalize(decodeURIComponent(u.pathname)) === path.normalize(RENDERER_INDEX)
    );
  } catch {
    return false;
  }
}

export function lockDownSession(): void {
  // No remote content: every response gets the strict CSP, and every request off file:// is cancelled.
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('file://') || details.url.startsWith('devtools://');
    callback({ cancel: !allowed });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    backgroundColor: '#0f1216',
    title: 'Barcat',
    show: false,
    webPreferences: {
      preload: PRELOAD,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.webContents.on('will-navigate', (event) => event.preventDefault());
  win.webContents.on('will-redirect', (event) => event.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    // Links to the documentation open in the user's browser, never inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.once('ready-to-show', () => win.show());
  void win.loadFile(RENDERER_INDEX);
  return win;
}

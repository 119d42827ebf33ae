import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keyStorageWarning } from '../../../src-main/hosts/electron/key-storage-warning';
import {
  externalUrlAllowed,
  fileOfUrl,
  isIndexUrl,
  requestAllowed,
} from '../../../src-main/hosts/electron/url-policy';

// The rules window.ts and main.ts apply; Electron itself is not needed to check them.
const WIN_INDEX = 'C:\\Program Files\\Barcat\\resources\\app\\out\\renderer\\index.html';
const WIN_RENDERER = path.win32.dirname(WIN_INDEX);
const POSIX_INDEX = '/opt/Barcat/resources/app/out/renderer/index.html';
const POSIX_RENDERER = path.posix.dirname(POSIX_INDEX);

describe('the IPC sender check on Windows', () => {
  it('reads a file URL as a Windows path, not \\C:\\…', () => {
    expect(fileOfUrl('file:///C:/Program%20Files/Barcat/index.html', path.win32)).toBe(
      'C:\\Program Files\\Barcat\\index.html',
    );
    expect(fileOfUrl('https://example.com/', path.win32)).toBeNull();
    expect(fileOfUrl('not a url', path.win32)).toBeNull();
  });

  it('accepts our index.html as Chromium spells it (drive letter case, escapes, hash)', () => {
    for (const url of [
      'file:///C:/Program%20Files/Barcat/resources/app/out/renderer/index.html',
      'file:///c:/Program%20Files/Barcat/resources/app/out/renderer/index.html',
      'file:///C:/Program%20Files/Barcat/resources/app/out/renderer/index.html#/settings',
    ])
      expect(isIndexUrl(url, WIN_INDEX, path.win32)).toBe(true);
  });

  it('refuses any other page', () => {
    for (const url of [
      'file:///C:/Program%20Files/Barcat/resources/app/out/renderer/other.html',
      'file:///C:/Users/me/Downloads/index.html',
      'file://server/share/out/renderer/index.html',
      'https://evil.example/index.html',
    ])
      expect(isIndexUrl(url, WIN_INDEX, path.win32)).toBe(false);
  });

  it('accepts our index.html on POSIX and refuses another file', () => {
    expect(
      isIndexUrl('file:///opt/Barcat/resources/app/out/renderer/index.html', POSIX_INDEX, path.posix),
    ).toBe(true);
    expect(
      isIndexUrl('file:///opt/Barcat/resources/app/out/renderer/INDEX.html', POSIX_INDEX, path.posix),
    ).toBe(false);
  });
});

describe('the file:// requests the window may make', () => {
  it('allows the renderer build and DevTools', () => {
    expect(
      requestAllowed('file:///opt/Barcat/resources/app/out/renderer/index.html', POSIX_RENDERER, path.posix),
    ).toBe(true);
    expect(
      requestAllowed(
        'file:///opt/Barcat/resources/app/out/renderer/assets/index-3f2a.js',
        POSIX_RENDERER,
        path.posix,
      ),
    ).toBe(true);
    expect(
      requestAllowed(
        'file:///C:/Program%20Files/Barcat/resources/app/out/renderer/assets/a.css',
        WIN_RENDERER,
        path.win32,
      ),
    ).toBe(true);
    expect(requestAllowed('devtools://devtools/bundled/inspector.html', POSIX_RENDERER, path.posix)).toBe(
      true,
    );
  });

  it('refuses every other file, a sibling folder, an escape and the network', () => {
    for (const url of [
      'file:///etc/passwd',
      'file:///home/me/.local/share/barcat/settings.json',
      'file:///opt/Barcat/resources/app/out/renderer/../main/index.js',
      'file:///opt/Barcat/resources/app/out/renderer-evil/a.js',
      'file:///opt/Barcat/resources/app/out/renderer',
      'https://evil.example/a.js',
      'http://127.0.0.1:8080/a.js',
    ])
      expect(requestAllowed(url, POSIX_RENDERER, path.posix)).toBe(false);
    for (const url of [
      'file:///C:/Users/me/AppData/Roaming/Barcat/settings.json',
      'file:///D:/Program%20Files/Barcat/resources/app/out/renderer/a.js',
      'file://server/share/a.js',
    ])
      expect(requestAllowed(url, WIN_RENDERER, path.win32)).toBe(false);
  });
});

describe('links opened in the user browser', () => {
  it('opens https links to the providers documentation only', () => {
    expect(externalUrlAllowed('https://developers.binance.com/docs/binance-spot-api-docs')).toBe(true);
    expect(externalUrlAllowed('https://docs.alpaca.markets/docs/about-market-data-api')).toBe(true);
    expect(externalUrlAllowed('https://polygon.io/dashboard/keys')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://developers.binance.com/',
      'https://developers.binance.com.evil.example/',
      'https://user:pass@polygon.io/',
      'https://polygon.io:8443/',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
    ])
      expect(externalUrlAllowed(url)).toBe(false);
  });
});

describe('the key storage warning', () => {
  it('warns on Linux when safeStorage fell back to basic_text, and only then', () => {
    expect(keyStorageWarning('linux', 'basic_text')).toBe(
      'warning: no system keyring was found (safeStorage backend "basic_text"): provider keys saved in ' +
        'Settings are written to settings.json under a fixed, public password, as good as plain text. ' +
        'Install and unlock a keyring (gnome-keyring or KWallet) and restart Barcat to have them encrypted.',
    );
    expect(keyStorageWarning('linux', 'gnome_libsecret')).toBeNull();
    expect(keyStorageWarning('linux', 'kwallet5')).toBeNull();
    expect(keyStorageWarning('win32', 'os')).toBeNull();
    expect(keyStorageWarning('darwin', 'os')).toBeNull();
  });
});

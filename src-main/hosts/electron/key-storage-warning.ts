/**
 * On Linux without a keyring (no gnome-keyring, KWallet or libsecret) safeStorage falls back to
 * `basic_text`: keys are then encrypted with a fixed password Chromium ships, so anyone who can
 * read settings.json can read them. Returns the warning to print then, else null.
 */
export function keyStorageWarning(platform: NodeJS.Platform, backend: string): string | null {
  if (platform !== 'linux' || backend !== 'basic_text') return null;
  return (
    'warning: no system keyring was found (safeStorage backend "basic_text"): provider keys saved in ' +
    'Settings are written to settings.json under a fixed, public password, as good as plain text. ' +
    'Install and unlock a keyring (gnome-keyring or KWallet) and restart Barcat to have them encrypted.'
  );
}

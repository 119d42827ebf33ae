import { describe, expect, it } from 'vitest';
import { problemText } from '../../../src-renderer/model/settings/settings-problem';

describe('a catalog folder refused by the web host', () => {
  it('is worded with the folder new catalogs go in', () => {
    expect(problemText({ reason: 'outside-catalogs-root', dir: '/tmp/x', root: '/home/you/barcat' })).toBe(
      'In the browser, new catalogs go inside /home/you/barcat. Choose a folder there.',
    );
    expect(
      problemText({ reason: 'open-outside-catalogs-root', dir: '/tmp/x', root: '/home/you/barcat' }),
    ).toBe(
      'In the browser, Barcat opens only catalogs inside /home/you/barcat (and the one it was started on). /tmp/x is not there: move or copy the catalog into that folder, or start the web host with --catalogs naming its parent.',
    );
  });
});

describe('a provider server refused by the web host', () => {
  it('says where the server is set instead', () => {
    expect(problemText({ reason: 'PAGE_SERVER', baseUrl: 'http://127.0.0.1:9' })).toBe(
      "In the browser, Barcat does not change a provider's server (http://127.0.0.1:9). Set it in settings.json beside the web host's data, then restart the web host.",
    );
    expect(problemText({ reason: 'PAGE_SERVER', baseUrl: '' })).toBe(
      "In the browser, Barcat does not change a provider's server (empty). Set it in settings.json beside the web host's data, then restart the web host.",
    );
  });
});

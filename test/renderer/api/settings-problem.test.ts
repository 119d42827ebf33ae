import { describe, expect, it } from 'vitest';
import { problemText } from '../../../src-renderer/model/settings/settings-problem';

describe('a catalog folder refused by the web host', () => {
  it('is worded with the folder new catalogs go in', () => {
    expect(problemText({ reason: 'outside-catalogs-root', dir: '/tmp/x', root: '/home/you/barcat' })).toBe(
      'In the browser, new catalogs go inside /home/you/barcat. Choose a folder there, or open an existing catalog.',
    );
  });
});

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

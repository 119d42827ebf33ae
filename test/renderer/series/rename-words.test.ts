import { describe, expect, it } from 'vitest';
import { renameErrorText } from '../../../src-renderer/features/gaps/rename-words';

describe('a refused rename, worded at its field', () => {
  it('puts target_exists and invalid_name at the field, anything else under the form', () => {
    expect(renameErrorText('x', { reason: 'target_exists', series: 'KRAKEN:BTCUSDT:1m' })).toEqual({
      field: 'symbol',
      text: 'A series with this venue and symbol exists already.',
    });
    expect(renameErrorText('venue is empty', { reason: 'invalid_name', field: 'venue' })).toEqual({
      field: 'venue',
      text: 'venue is empty',
    });
    expect(renameErrorText('catalog locked', undefined)).toEqual({
      text: 'The series could not be renamed: catalog locked',
    });
  });
});

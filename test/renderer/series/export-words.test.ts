import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-renderer/api/client';
import { exportFailure } from '../../../src-renderer/features/export/export-words';

describe('export failure line', () => {
  it("words main's refusal from its details, anything else as its message", () => {
    const refused = new ApiError({
      code: 'USAGE',
      message: 'out',
      details: { reason: 'out_inside_catalog' },
    });
    expect(exportFailure(refused)).toBe(
      'That folder is inside the catalog. Choose a folder outside it: an export never writes into the catalog.',
    );
    expect(exportFailure(new Error('disk full'))).toBe('disk full');
  });
});

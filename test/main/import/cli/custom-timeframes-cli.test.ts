import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../../helpers/run-cli';
import { fileTempDir } from '../../catalog/helpers';

const tmp = fileTempDir('barcat-tfcli-');

const cli = (args: string[]) => runCliCaptured(args, { env: {}, cwd: tmp.dir });

const cat = ['--catalog', path.join(tmp.dir, 'cat')];

describe('barcat with a custom timeframe', () => {
  it('imports 2-minute bars given as --series ...:120s into the one 2m series, lists it and prints its gap', async () => {
    const t0 = Date.parse('2024-05-01T00:00:00Z');
    const rows = ['time,open,high,low,close,volume'];
    for (let i = 0; i < 30; i++)
      if (i !== 10 && i !== 11) rows.push(`${new Date(t0 + i * 120_000).toISOString()},1,2,0.5,1.5,7`);
    const file = path.join(tmp.dir, 'xbt.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);

    const imported = await cli(['import', file, '--series', 'KRAKEN:XBTEUR:120s', '--create', ...cat]);
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(
      /xbt\.csv\s+imported\s+KRAKEN:XBTEUR:2m\s+28\s+28\s+28\s+0\s+0\s+0\s+0\s+2024-05-01 00:00\s+2024-05-01 00:58/,
    );

    const listed = await cli(['list', '--json', ...cat]);
    expect((JSON.parse(listed.stdout) as { id: string }[]).map((s) => s.id)).toEqual(['KRAKEN:XBTEUR:2m']);

    const gaps = await cli(['gaps', 'KRAKEN:XBTEUR:2m', '--json', ...cat]);
    expect(JSON.parse(gaps.stdout).gaps).toEqual([
      { from: t0 + 20 * 60_000, to: t0 + 24 * 60_000, missingBars: 2 },
    ]);
    const text = await cli(['gaps', 'KRAKEN:XBTEUR:120s', ...cat]);
    expect(text.stdout).toContain('1 gaps, 2 missing bars');
  });
});

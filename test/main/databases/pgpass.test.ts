import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  parsePgpass,
  pgpassPassword,
  readPgpassPassword,
} from '../../../src-main/engines/databases/connect/pgpass';
import type { DbTarget } from '../../../src-main/engines/databases/index';
import { fileTempDir } from '../catalog/helpers';

const { dir } = fileTempDir('barcat-pgpass-');

const target = (over: Partial<DbTarget> = {}): DbTarget => ({
  kind: 'postgres',
  host: 'db.example',
  port: 5432,
  user: 'ana',
  database: 'market',
  ...over,
});

const FILE = [
  '# comment line, then a line with too few fields',
  'db.example:5432:market',
  'db.example:5432:market:ana:first\\:pa\\\\ss:ignored',
  'db.example:5432:*:ana:any-db',
  '*:*:*:bob:bobs',
  'db\\:colon:5432:market:ana:colon-host',
  '\\*:5432:market:carl:literal-star-host',
  'db.example:5433:market:ana:other-port\r',
].join('\n');

describe('.pgpass, as libpq reads it', () => {
  it('parses fields with \\: and \\\\ escapes, * only as a whole unescaped field, and the password up to the next colon', () => {
    const e = parsePgpass(FILE);
    expect(e.map((x) => x.password)).toEqual([
      'first:pa\\ss',
      'any-db',
      'bobs',
      'colon-host',
      'literal-star-host',
      'other-port',
    ]);
    expect(e[1]?.database).toEqual({ value: '*', any: true });
    expect(e[4]?.host).toEqual({ value: '*', any: false });
    expect(e[3]?.host).toEqual({ value: 'db:colon', any: false });
  });

  it('takes the first line matching host, port, database and user exactly', () => {
    const e = parsePgpass(FILE);
    expect(pgpassPassword(e, target())).toBe('first:pa\\ss');
    expect(pgpassPassword(e, target({ database: 'other' }))).toBe('any-db');
    expect(pgpassPassword(e, target({ user: 'bob', host: 'anything', port: 1 }))).toBe('bobs');
    expect(pgpassPassword(e, target({ host: 'db:colon' }))).toBe('colon-host');
    expect(pgpassPassword(e, target({ host: '*', user: 'carl' }))).toBe('literal-star-host');
    expect(pgpassPassword(e, target({ host: 'h', user: 'carl' }))).toBeUndefined();
    expect(pgpassPassword(e, target({ port: 5433, database: 'x' }))).toBeUndefined();
    expect(pgpassPassword(e, target({ port: 5433 }))).toBe('other-port');
    expect(pgpassPassword(e, target({ user: 'Ana' }))).toBeUndefined();
  });

  it.skipIf(process.platform === 'win32')(
    'refuses a file that the group or others may read, naming the fix; reads a 0600 one',
    async () => {
      const file = path.join(dir, 'pgpass');
      writeFileSync(file, FILE);
      chmodSync(file, 0o644);
      await expect(readPgpassPassword(target(), file)).rejects.toThrow(
        `password file ${file} has group or world access (mode 0644); like libpq, Barcat does not read it: run "chmod 600 ${file}" (needed for postgres://ana@db.example:5432/market)`,
      );
      chmodSync(file, 0o640);
      await expect(readPgpassPassword(target(), file)).rejects.toThrow('(mode 0640)');
      chmodSync(file, 0o600);
      expect(await readPgpassPassword(target(), file)).toBe('first:pa\\ss');
      expect(await readPgpassPassword(target(), path.join(dir, 'missing'))).toBeUndefined();
    },
  );
});

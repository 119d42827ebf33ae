import pg from 'pg';
import { expect, inject, test } from 'vitest';

test('the private PostgreSQL answers on its loopback port', async () => {
  const client = new pg.Client({ connectionString: inject('pgUrl') });
  await client.connect();
  const r = await client.query<{ one: number }>('SELECT 1 AS one');
  await client.end();
  expect(r.rows).toEqual([{ one: 1 }]);
});

test('the private ClickHouse answers over HTTP', async () => {
  const r = await fetch(`${inject('chUrl')}/?query=${encodeURIComponent('SELECT 1 + 1')}`);
  expect(await r.text()).toBe('2\n');
});

import { Readable } from 'node:stream';
import { BarcatError } from '../../../plumbing/errors';
import type { ColumnKind, DbColumn, DbFrom } from '../plan';
import { fromClause } from '../sql';
import { type DbTarget, targetLabel } from '../target';
import { splitTsvLine } from '../tsv';
import type { DbConnection } from './connection';

/** ClickHouse type name -> how it is read (Nullable/LowCardinality unwrapped). 18.16 has no DateTime64. */
function kindOf(type: string): ColumnKind {
  const t = type
    .replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2')
    .replace(/^(Nullable|LowCardinality)\((.*)\)$/, '$2');
  if (/^DateTime(\(.*\))?$/.test(t)) return 'instant';
  if (t === 'Date') return 'date';
  if (/^U?Int\d+$/.test(t)) return 'integer';
  if (/^(Float\d+|Decimal.*)$/.test(t)) return 'number';
  if (/^(String|FixedString.*|Enum.*)$/.test(t)) return 'text';
  return 'other';
}

/**
 * The password for `t`: CLICKHOUSE_PASSWORD, sent only to the host:port CLICKHOUSE_HOST names (port
 * 8123 when left out), since a URL typed in a page or a command could name any server.
 */
function passwordFor(t: DbTarget): string {
  const password = process.env.CLICKHOUSE_PASSWORD;
  if (!password) return '';
  const allowed = process.env.CLICKHOUSE_HOST?.trim() ?? '';
  let host: { host: string; port: number } | null = null;
  try {
    const u = new URL(`http://${allowed}`);
    if (allowed) host = { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 8123) };
  } catch {
    // An unparsable CLICKHOUSE_HOST allows no host: the refusal below names it.
  }
  if (host?.host === t.host && host.port === t.port) return password;
  const here = t.host.includes(':') ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
  throw new BarcatError(
    'BAD_INPUT',
    `CLICKHOUSE_PASSWORD is set, but ${targetLabel(t)} is not CLICKHOUSE_HOST (${allowed || 'unset'}): the password goes only to that host; set CLICKHOUSE_HOST=${here} to send it there`,
    { reason: 'db_password_host' },
  );
}

/** Sends one statement over the HTTP interface; the password (CLICKHOUSE_PASSWORD) goes in a header. */
export async function clickhousePost(
  t: DbTarget,
  sql: string,
  signal?: AbortSignal,
  body?: string,
): Promise<Response> {
  const url = new URL(`http://${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}/`);
  url.searchParams.set('database', t.database);
  const password = passwordFor(t);
  const auth = Buffer.from(`${t.user}:${password}`).toString('base64');
  if (body !== undefined) url.searchParams.set('query', sql);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      body: body ?? sql,
      headers: { authorization: `Basic ${auth}` },
      signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new BarcatError('BAD_INPUT', `cannot reach ${targetLabel(t)}: ${(err as Error).message}`, {
      reason: 'db_connect',
    });
  }
  if (!res.ok) {
    const text = (await res.text()).trim().split('\n')[0] ?? '';
    throw new BarcatError('BAD_INPUT', `${targetLabel(t)}: ${text}`, { reason: 'db_query' });
  }
  return res;
}

/** A ClickHouse "connection": stateless HTTP requests; close has nothing to end. */
export async function connectClickHouse(t: DbTarget): Promise<DbConnection> {
  await (await clickhousePost(t, 'SELECT 1')).text();
  return {
    async describe(from: DbFrom): Promise<DbColumn[]> {
      const res = await clickhousePost(
        t,
        `SELECT * FROM ${fromClause('clickhouse', from)} LIMIT 0 FORMAT TSVWithNamesAndTypes`,
      );
      const [names = '', types = ''] = (await res.text()).split('\n');
      const n = splitTsvLine(names);
      const ty = splitTsvLine(types);
      return n.map((name, i) => ({ name: name ?? '', type: ty[i] ?? '', kind: kindOf(ty[i] ?? '') }));
    },
    async *tsv(sql: string, signal?: AbortSignal): AsyncIterable<Buffer> {
      const res = await clickhousePost(t, `${sql} FORMAT TabSeparated`, signal);
      if (!res.body) return;
      for await (const chunk of Readable.fromWeb(res.body as import('node:stream/web').ReadableStream))
        yield chunk as Buffer;
    },
    async close() {},
  };
}

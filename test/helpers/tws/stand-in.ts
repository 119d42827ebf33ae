// A loopback TWS / IB Gateway stand-in: speaks the TWS API wire protocol at server version 193 for the
// messages Barcat uses, records every request with its time (on the test's clock), and records every
// pacing violation (the tests assert there are none; the client still gets IB's 162 pacing answer).
import net from 'node:net';
import { encodeMessage, type Field, FrameReader } from '../../../src-main/engines/providers/ibkr/codec';
import type { BarValues } from '../../../src-shared/domain/bar';

export interface StandInContract {
  conId: number;
  symbol: string;
  primaryExch: string;
  currency: string;
  longName: string;
  /** STK when absent; FUT with its expiry; CONTFUT (conId and expiry of the front month it stands for). */
  secType?: 'STK' | 'FUT' | 'CONTFUT';
  /** Where a future trades (CME, ...); stocks are answered on SMART. */
  exchange?: string;
  expiry?: string;
}

/** A bar the stand-in serves: OHLCV (it sends count and WAP as -1, unknown). */
export type StandInBar = Omit<BarValues, 'trades' | 'vwap'>;

export interface StandInOptions {
  now(): number;
  contracts: StandInContract[];
  /** The source's bars of a contract in [from, to) at a bar size (ms), RTH only or not. */
  bars(conId: number, barMs: number, from: number, to: number, useRth: boolean): StandInBar[];
  /** Where each contract's history starts (ms UTC). */
  headTimestamp: number;
  /** conIds the account has no market data permission for (error 354). */
  noPermission?: number[];
  /** Historical requests (1-based count) at which the socket is dropped instead of answered. */
  dropAt?: number[];
  /** Connections refused (closed before the handshake answer) after each drop. */
  downFor?: number;
  /** Historical requests answered with a 162 pacing violation although the rules held (another program on the login). */
  pacingAt?: number[];
}

export interface RecordedRequest {
  at: number;
  msgId: number;
  reqId: number;
  fields: string[];
}

const BAR_MS: Record<string, number> = {
  '1 secs': 1000,
  '1 min': 60_000,
  '3 mins': 180_000,
  '5 mins': 300_000,
  '15 mins': 900_000,
  '30 mins': 1_800_000,
  '1 hour': 3_600_000,
  '1 day': 86_400_000,
};

const PACING_TEXT = 'Historical Market Data Service error message:Historical data request pacing violation';

const NOTICES: [number, string][] = [
  [2104, 'Market data farm connection is OK:usfarm'],
  [2106, 'HMDS data farm connection is OK:ushmds'],
  [2158, 'Sec-def data farm connection is OK:secdefnj'],
];

function parseUtc(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(s);
  if (!m) throw new Error(`stand-in: endDateTime "${s}" is not yyyymmdd-hh:mm:ss`);
  const n = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(n[0], n[1] - 1, n[2], n[3], n[4], n[5]);
}

function parseDuration(s: string): number {
  const m = /^(\d+) ([SD])$/.exec(s);
  if (!m) throw new Error(`stand-in: duration "${s}" is not "N S" or "N D"`);
  return Number(m[1]) * (m[2] === 'S' ? 1000 : 86_400_000);
}

/** contractDetails (10) at server version 193: every field in order, unused ones empty. */
function contractData(reqId: number, c: StandInContract): Field[] {
  return [
    10,
    reqId,
    c.symbol,
    c.secType ?? 'STK',
    c.expiry ?? '',
    c.expiry ?? '',
    0,
    '',
    c.exchange ?? 'SMART',
    c.currency,
    c.symbol,
    'NMS',
    c.symbol,
    c.conId,
    0.01,
    '',
    'LMT,MKT',
    `SMART,${c.primaryExch}`,
    1,
    0,
    c.longName,
    c.primaryExch,
    '',
    'Technology',
    'Computers',
    'Computers',
    'US/Eastern',
    '',
    '',
    '',
    '',
    0,
    1,
    '',
    '',
    '26',
    '',
    'COMMON',
    1,
    1,
    100,
    0,
  ];
}

export class TwsStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly violations: string[] = [];
  connections = 0;
  drops = 0;
  private server: net.Server;
  private sockets = new Set<net.Socket>();
  private historicalCount = 0;
  private refuseLeft = 0;
  private open = 0;

  private constructor(private readonly o: StandInOptions) {
    this.server = net.createServer((sock) => this.accept(sock));
  }

  static async start(o: StandInOptions): Promise<TwsStandIn> {
    const s = new TwsStandIn(o);
    await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
    return s;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  url(query = 'clientId=7'): string {
    return `tws://127.0.0.1:${this.port}?${query}`;
  }

  /** Historical and head-timestamp requests, in order. */
  dataRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.msgId === 20 || r.msgId === 87);
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(sock: net.Socket): void {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => undefined);
    if (this.refuseLeft > 0) {
      this.refuseLeft--;
      sock.destroy();
      return;
    }
    this.connections++;
    const reader = new FrameReader();
    let greeted = false;
    const send = (fields: Field[]) => sock.write(encodeMessage(fields));
    sock.on('data', (chunk: Buffer) => {
      reader.feed(chunk);
      if (!greeted) {
        const prefix = reader.take(4);
        if (!prefix) return;
        if (prefix.toString('latin1') !== 'API\0') throw new Error('stand-in: no "API\\0" prefix');
        const [range] = reader.pushRaw(Buffer.alloc(0));
        if (!range) return;
        if (range.toString() !== 'v100..193') throw new Error(`stand-in: version range ${range.toString()}`);
        greeted = true;
        send([193, '20240101 00:00:00 UTC']);
      }
      for (const f of reader.push(Buffer.alloc(0))) this.handle(f, send, sock);
    });
  }

  private handle(f: string[], send: (fields: Field[]) => void, sock: net.Socket): void {
    const msgId = Number(f[0]);
    if (msgId === 71) {
      send([15, 1, 'DU1234567']);
      send([9, 1, 1]);
      for (const [code, text] of NOTICES) send([4, 2, -1, code, text, '']);
      return;
    }
    const reqId = Number(msgId === 9 ? f[2] : f[1]);
    this.requests.push({ at: this.o.now(), msgId, reqId, fields: f });
    if (msgId === 9) {
      this.contractDetails(reqId, f, send);
      return;
    }
    if (msgId === 81) {
      this.matchingSymbols(reqId, f[2] ?? '', send);
      return;
    }
    if (msgId === 87 || msgId === 20) {
      if (this.paced(msgId, f)) {
        send([4, 2, reqId, 162, PACING_TEXT, '']);
        return;
      }
      const conId = this.dataConId(f);
      if (!this.o.contracts.some((c) => c.conId === conId)) {
        send([4, 2, reqId, 200, 'No security definition has been found for the request', '']);
        return;
      }
      if (this.o.noPermission?.includes(conId)) {
        send([4, 2, reqId, 354, 'Requested market data is not subscribed.', '']);
        return;
      }
      if (msgId === 87) {
        send([88, reqId, String(this.o.headTimestamp / 1000)]);
        return;
      }
      this.historicalCount++;
      if (this.o.pacingAt?.includes(this.historicalCount)) {
        send([4, 2, reqId, 162, PACING_TEXT, '']);
        return;
      }
      if (this.o.dropAt?.includes(this.historicalCount)) {
        this.drops++;
        this.refuseLeft = this.o.downFor ?? 0;
        sock.destroy();
        return;
      }
      this.open++;
      // Answered on the next turn, so open requests can pile up as they would on TWS.
      setImmediate(() => {
        this.open--;
        this.historical(reqId, conId, f, send);
      });
    }
  }

  /** The contract a data request names: its conId, or (CONTFUT, conId 0) its symbol, kind and exchange. */
  private dataConId(f: string[]): number {
    const conId = Number(f[2]);
    if (conId) return conId;
    const c = this.o.contracts.find(
      (k) => k.symbol === f[3] && (k.secType ?? 'STK') === f[4] && (k.exchange ?? 'SMART') === f[9],
    );
    return c?.conId ?? 0;
  }

  /** reqMatchingSymbols (81): stocks whose symbol starts with, or whose name holds, the pattern. */
  private matchingSymbols(reqId: number, pattern: string, send: (fields: Field[]) => void): void {
    const p = pattern.toUpperCase();
    const found = this.o.contracts.filter(
      (c) =>
        (c.secType ?? 'STK') === 'STK' && (c.symbol.startsWith(p) || c.longName.toUpperCase().includes(p)),
    );
    const fields: Field[] = [79, reqId, found.length];
    // conId, symbol, secType, primaryExchange, currency, derivative sec types (count, list), description, issuerId
    for (const c of found)
      fields.push(c.conId, c.symbol, 'STK', c.primaryExch, c.currency, 2, 'OPT', 'WAR', c.longName, '');
    send(fields);
  }

  private contractDetails(reqId: number, f: string[], send: (fields: Field[]) => void): void {
    const conId = Number(f[3]);
    const [symbol, secType, expiry] = [f[4], f[5], f[6] ?? ''];
    const exchange = f[10] ?? '';
    const found = this.o.contracts.filter((c) =>
      conId
        ? c.conId === conId && (c.secType ?? 'STK') !== 'CONTFUT'
        : c.symbol === symbol &&
          (!secType || (c.secType ?? 'STK') === secType) &&
          (c.expiry ?? '').startsWith(expiry) &&
          (!exchange || exchange === 'SMART' || c.exchange === exchange),
    );
    if (found.length === 0) {
      send([4, 2, reqId, 200, 'No security definition has been found for the request', '']);
      return;
    }
    for (const c of found) send(contractData(reqId, c));
    send([52, 1, reqId]);
  }

  private historical(reqId: number, conId: number, f: string[], send: (fields: Field[]) => void): void {
    const end = parseUtc(f[15]!);
    const barMs = BAR_MS[f[16]!];
    if (!barMs) throw new Error(`stand-in: bar size "${f[16]}"`);
    // History starts at the head timestamp: bars ending before it do not exist.
    const head = this.o.headTimestamp;
    const bars = this.o
      .bars(conId, barMs, end - parseDuration(f[17]!), end, f[18] === '1')
      .filter((b) => b.ts + barMs > head);
    if (bars.length === 0) {
      send([
        4,
        2,
        reqId,
        162,
        'Historical Market Data Service error message:HMDS query returned no data: AAPL@SMART Trades',
        '',
      ]);
      return;
    }
    const fields: Field[] = [17, reqId, f[15]!, f[15]!, bars.length];
    // Daily bars carry their date (yyyymmdd), intraday ones epoch seconds (formatDate 2).
    const date = (ts: number) =>
      barMs >= 86_400_000 ? new Date(ts).toISOString().slice(0, 10).replaceAll('-', '') : ts / 1000;
    for (const b of bars) fields.push(date(b.ts), b.open, b.high, b.low, b.close, b.volume, -1, -1);
    send(fields);
  }

  /** IB's rules, checked against everything received before: records and reports a violation. */
  private paced(msgId: number, f: string[]): boolean {
    const now = this.o.now();
    const data = this.dataRequests();
    const self = data.at(-1)!;
    const before = data.slice(0, -1);
    const same = (r: RecordedRequest) =>
      r.msgId === msgId && r.fields.slice(2).join('\0') === f.slice(2).join('\0');
    const contract = (r: RecordedRequest) =>
      `${r.fields[2]}|${r.fields[9]}|${r.fields[r.msgId === 20 ? 19 : 16]}`;
    const problems: string[] = [];
    if (before.some((r) => same(r) && now - r.at < 15_000)) problems.push('identical request within 15 s');
    if (before.filter((r) => contract(r) === contract(self) && now - r.at < 2_000).length >= 5)
      problems.push('6th request for one contract within 2 s');
    if (before.filter((r) => now - r.at < 600_000).length >= 60)
      problems.push('61st request within 10 minutes');
    if (this.open >= 50) problems.push('51st open request');
    for (const p of problems) this.violations.push(`${new Date(now).toISOString()} ${p}: ${f.join(',')}`);
    return problems.length > 0;
  }
}

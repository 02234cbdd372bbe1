/**
 * A minimal OVSDB JSON-RPC client (RFC 7047) over node:net, for the few rows a hook needs:
 * `transact` (select/insert/mutate/wait, one atomic transaction per call) and a wait for
 * ovs-vswitchd to apply a change (a `monitor` of Open_vSwitch cur_cfg, as ovs-vsctl's IDL
 * does). Every request has a timeout: a hung (SIGSTOPped) ovsdb-server accepts the connection
 * but never answers. The server's `echo` requests are answered. The socket is unref'd while
 * nothing is outstanding, so a hook exits as soon as its work is done.
 */
import type * as Net from 'node:net';
import { builtinModule } from '../builtin-module.js';
import { dirname } from 'node:path';
import type { CtnetError } from '../../errors.js';
import { pathExists } from '../fs.js';
import { JsonSplitter } from './json-splitter.js';
import type { OvsdbAddress } from './ovsdb-address.js';
import {
  ovsdbClosedError,
  ovsdbConnectError,
  ovsdbRefusedError,
  ovsdbTimeoutError,
  vswitchdTimeoutError,
} from './ovsdb-error.js';

const OVS_DB_NAME = 'Open_vSwitch';

export type OvsdbOp = Record<string, unknown>;
export interface OvsdbResult {
  rows?: Array<Record<string, unknown>>;
  count?: number;
  uuid?: unknown;
  error?: string;
  details?: string;
}

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: CtnetError) => void;
  timer: NodeJS.Timeout;
}
interface RpcMessage {
  id?: unknown;
  method?: string;
  params?: unknown[];
  result?: unknown;
  error?: unknown;
}

const CFG_MONITOR = 'ctnet-cur-cfg';

export class OvsdbClient {
  /** Rows received in answers so far (tests assert no whole table is read). */
  rowsReceived = 0;
  private readonly socket: Net.Socket;
  private readonly splitter = new JsonSplitter();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private failure: CtnetError | undefined;
  private curCfg: number | undefined;
  private monitor: Promise<unknown> | undefined;
  private readonly cfgWaiters = new Set<() => void>();

  constructor(
    readonly address: OvsdbAddress,
    readonly timeoutSec: number,
  ) {
    const { createConnection } = builtinModule<typeof Net>('node:net');
    this.socket =
      address.kind === 'unix'
        ? createConnection({ path: address.path })
        : createConnection({ host: address.host, port: address.port });
    this.socket.unref();
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('error', (e: NodeJS.ErrnoException) => this.fail(this.connectError(e)));
    this.socket.on('close', () => this.fail(ovsdbClosedError(address)));
  }

  /**
   * One atomic transaction; resolves with one result per operation (plus one if the commit failed).
   */
  async transact(ops: OvsdbOp[]): Promise<OvsdbResult[]> {
    const results = await this.request('transact', [OVS_DB_NAME, ...ops]);
    if (!Array.isArray(results)) throw ovsdbRefusedError('the transaction', 'an answer that is not a list of results');
    for (const r of results as OvsdbResult[]) this.rowsReceived += r?.rows?.length ?? 0;
    return results as OvsdbResult[];
  }

  /** Resolve once ovs-vswitchd reports cur_cfg >= target; E_OVS_DOWN after the timeout. */
  async waitForCurCfg(target: number): Promise<void> {
    this.monitor ??= this.request('monitor', [
      OVS_DB_NAME,
      CFG_MONITOR,
      { Open_vSwitch: { columns: ['cur_cfg'] } },
    ]).then((updates) => this.onTableUpdates(updates));
    await this.monitor;
    if ((this.curCfg ?? -1) >= target) return;
    this.socket.ref();
    await new Promise<void>((resolve, reject) => {
      const done = (): void => {
        if (this.failure) return finish(this.failure);
        if ((this.curCfg ?? -1) >= target) finish();
      };
      const timer = setTimeout(() => finish(vswitchdTimeoutError(this.timeoutSec)), this.timeoutSec * 1000);
      const finish = (e?: CtnetError): void => {
        clearTimeout(timer);
        this.cfgWaiters.delete(done);
        this.unrefIfIdle();
        if (e) reject(e);
        else resolve();
      };
      this.cfgWaiters.add(done);
    });
  }

  /** Close the connection; idempotent. */
  close(): void {
    this.socket.destroy();
  }

  private request(method: string, params: unknown[]): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    this.socket.ref();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(ovsdbTimeoutError(this.address, this.timeoutSec));
      }, this.timeoutSec * 1000);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.write(JSON.stringify({ id, method, params }));
    });
  }

  private onData(chunk: Buffer): void {
    let texts: string[];
    try {
      texts = this.splitter.push(chunk);
    } catch (e) {
      return this.fail(ovsdbRefusedError('the connection', `unreadable answer (${String(e)})`));
    }
    for (const text of texts) {
      let msg: RpcMessage;
      try {
        msg = JSON.parse(text) as RpcMessage;
      } catch {
        return this.fail(ovsdbRefusedError('the connection', 'an answer that is not JSON'));
      }
      this.onMessage(msg);
    }
  }

  private onMessage(msg: RpcMessage): void {
    if (msg.method === 'echo' && msg.id !== undefined && msg.id !== null) {
      this.socket.write(JSON.stringify({ id: msg.id, result: msg.params ?? [], error: null }));
      return;
    }
    if (msg.method === 'update' && Array.isArray(msg.params) && msg.params[0] === CFG_MONITOR) {
      this.onTableUpdates(msg.params[1]);
      return;
    }
    if (typeof msg.id !== 'number') return; // other notifications: nothing ctnet asked for
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    this.unrefIfIdle();
    if (msg.error !== null && msg.error !== undefined)
      p.reject(ovsdbRefusedError('the request', errorText(msg.error), errorDetails(msg.error)));
    else p.resolve(msg.result);
  }

  /**
   * Open_vSwitch table updates: {uuid: {new: {cur_cfg}}} (monitor reply and update notifications).
   */
  private onTableUpdates(updates: unknown): void {
    const rows =
      (updates as { Open_vSwitch?: Record<string, { new?: { cur_cfg?: unknown } }> } | null)?.Open_vSwitch ?? {};
    // cur_cfg only grows. The monitor's reply is applied in a promise continuation, after an
    // update notification that arrived in the same chunk: never let it set an older value back.
    for (const row of Object.values(rows)) {
      if (typeof row?.new?.cur_cfg === 'number') this.curCfg = Math.max(this.curCfg ?? -1, row.new.cur_cfg);
    }
    for (const w of [...this.cfgWaiters]) w();
  }

  private connectError(e: NodeJS.ErrnoException): CtnetError {
    const dirExists = this.address.kind === 'unix' ? pathExists(dirname(this.address.path)) : true;
    return ovsdbConnectError(this.address, e, dirExists);
  }

  /** The connection is unusable from now on: every outstanding and later request fails with `e`. */
  private fail(e: CtnetError): void {
    this.failure ??= e;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(this.failure);
    }
    for (const w of [...this.cfgWaiters]) w();
    this.socket.destroy();
  }

  private unrefIfIdle(): void {
    if (this.pending.size === 0 && this.cfgWaiters.size === 0) this.socket.unref();
  }
}

function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  const e = error as { error?: unknown };
  return typeof e?.error === 'string' ? e.error : JSON.stringify(error);
}

function errorDetails(error: unknown): string | undefined {
  const d = (error as { details?: unknown } | null)?.details;
  return typeof d === 'string' ? d : undefined;
}

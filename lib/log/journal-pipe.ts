/**
 * journald's stream socket written with Node's own handle bindings, the ones node:net is
 * built on (process.binding('pipe_wrap') and ('stream_wrap'), both on process.binding's
 * allow-list in Node 20): a hook run then does not load node:net and the streams stack under
 * it (~3 ms of start-up). The calls follow Node 20's lib/net.js (internalConnect,
 * afterConnect, closeSocketHandle) and lib/internal/stream_base_commons.js (createWriteWrap,
 * handleWriteReq, afterWriteDispatched):
 *
 *   handle = new Pipe(constants.SOCKET)
 *   handle.connect(PipeConnectWrap req, path) -> 0 | -errno;
 *       req.oncomplete(status, handle, req, readable, writable) on the next loop turn
 *   handle.writeUtf8String(WriteWrap req, text) -> 0 | -errno; streamBaseState[kLastWriteWasAsync]
 *       says whether it is still pending: only then req.oncomplete(status, handle, error) later
 *   handle.close()
 *
 * A unix stream socket puts what is written straight into the peer's receive queue, so once
 * the write has finished, closing our end loses nothing (journald reads the queue, then the
 * end of the stream): the hook waits for no reply, no shutdown, and no timer unless the
 * write is pending (journald not reading, its queue full). Then the pending request keeps the
 * hook alive until journald takes the text, for at most `timeoutMs` (an unref'd timer: Node
 * compiles its timers code on first use, which a run that needs none does not pay for).
 */
import { getSystemErrorName } from 'node:util';
import { processBinding } from '../process-binding.js';

export interface JournalPipeOptions {
  socket: string;
  timeoutMs: number;
  /** Told once when the text could not be handed over; never throws into the hook. */
  onFailure: (e: Error) => void;
}

type Oncomplete = (status: number) => void;
interface PipeHandle {
  connect: (req: object, path: string) => number;
  writeUtf8String: (req: object, text: string) => number;
  close: () => void;
}
interface Bindings {
  Pipe: new (type: number) => PipeHandle;
  PipeConnectWrap: new () => object;
  WriteWrap: new () => object;
  SOCKET: number;
  /** Whether the last write is still pending (streamBaseState[kLastWriteWasAsync]). */
  lastWritePending: () => boolean;
}

/** A connection to journald's stream socket that takes its text once, at the end of the run. */
export interface JournalConnection {
  /** Write `text`, then close; a failure goes to onFailure. Only the first call counts. */
  send: (text: string) => void;
  /** Close without sending (nothing to log). */
  close: () => void;
}

/**
 * Connect to the stream socket `opts.socket` now; the text follows with `send`. Connecting at
 * the start of a run lets journald accept the connection, and read the hook's pid from it
 * (SO_PEERCRED), while the hook is working: a connection journald takes after the hook has
 * exited yields entries without `_PID`. Returns undefined, having done nothing, when the
 * bindings are not there or not of the expected shape: the caller then uses node:net.
 */
export function openJournalPipe(opts: JournalPipeOptions): JournalConnection | undefined {
  const b = pipeBindings();
  if (!b) return undefined;
  const handle = new b.Pipe(b.SOCKET);
  let done = false;
  let connected = false;
  let text: string | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finish = (e?: Error): void => {
    if (done) return;
    done = true;
    if (timer) clearTimeout(timer);
    // Closing cancels what is still pending (its callbacks see ECANCELED and find `done`).
    handle.close();
    if (e) opts.onFailure(e);
  };
  const failed = (syscall: string, status: number): Error => uvError(syscall, status, opts.socket);

  const write = (t: string): void => {
    const onWritten: Oncomplete = (status) => finish(status < 0 ? failed('write', status) : undefined);
    const req = Object.assign(new b.WriteWrap(), { handle, oncomplete: onWritten, async: false, bytes: 0, buffer: null });
    const err = handle.writeUtf8String(req, t);
    if (err !== 0) return finish(failed('write', err));
    // Written: the text is in journald's queue, the socket can go. Pending: wait for
    // journald, bounded.
    if (!b.lastWritePending()) return finish();
    timer = setTimeout(() => finish(journalTimeout(opts.timeoutMs)), opts.timeoutMs);
    timer.unref();
  };
  const onConnected: Oncomplete = (status) => {
    if (done) return;
    if (status !== 0) return finish(failed('connect', status));
    connected = true;
    if (text !== undefined) write(text);
  };
  const err = handle.connect(Object.assign(new b.PipeConnectWrap(), { address: opts.socket, oncomplete: onConnected }), opts.socket);
  if (err !== 0) finish(failed('connect', err));
  return {
    send: (t) => {
      if (done || text !== undefined) return;
      text = t;
      if (connected) write(t);
    },
    close: () => finish(),
  };
}

/** The failure when journald has not taken the text within `ms` (both writers word it so). */
export function journalTimeout(ms: number): Error {
  return new Error(`journald did not take the lines within ${ms} ms`);
}

/** Node's handle bindings, or undefined where they cannot be used as Node 20 defines them. */
function pipeBindings(): Bindings | undefined {
  const pipe = processBinding('pipe_wrap');
  const stream = processBinding('stream_wrap');
  if (!pipe || !stream) return undefined;
  const { Pipe, PipeConnectWrap, constants } = pipe;
  const { WriteWrap, streamBaseState, kLastWriteWasAsync } = stream;
  const SOCKET = (constants as { SOCKET?: unknown } | undefined)?.SOCKET;
  const proto = typeof Pipe === 'function' ? (Pipe.prototype as Record<string, unknown>) : {};
  const shaped = typeof PipeConnectWrap === 'function' && typeof WriteWrap === 'function' &&
    typeof SOCKET === 'number' && ['connect', 'writeUtf8String', 'close'].every((m) => typeof proto[m] === 'function') &&
    streamBaseState instanceof Int32Array && typeof kLastWriteWasAsync === 'number';
  if (!shaped) return undefined;
  const lastWritePending = (): boolean => (streamBaseState as Int32Array)[kLastWriteWasAsync as number] !== 0;
  return { Pipe, PipeConnectWrap, WriteWrap, SOCKET, lastWritePending } as unknown as Bindings;
}

/** An error as node:net words it: "connect ECONNREFUSED /run/systemd/journal/stdout". */
function uvError(syscall: string, status: number, socket: string): Error {
  const code = errName(status);
  return Object.assign(new Error(`${syscall} ${code} ${socket}`), { code, errno: status, syscall });
}

/** "ECONNREFUSED" for a libuv status (-errno); "errno N" for a number Node does not name. */
function errName(status: number): string {
  try {
    return getSystemErrorName(status);
  } catch (e) {
    // getSystemErrorName throws a RangeError for 0 and positive numbers.
    if (!(e instanceof RangeError)) throw e;
    return `errno ${status}`;
  }
}

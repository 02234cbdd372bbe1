/**
 * Hand log lines to systemd-journald over its stdout stream socket (the protocol systemd-cat
 * and services' stdout use): a SOCK_STREAM unix socket that Node can write without a helper
 * process, unlike the /dev/log datagram socket. After connecting, the client sends seven
 * header lines, then messages, one per line (systemd src/journal/journald-stream.c):
 *
 *   identifier            SYSLOG_IDENTIFIER ("ctnet")
 *   unit id               empty: none
 *   priority              default priority incl. facility (30 = daemon.info)
 *   level prefix          1: a line may start with "<N>", N = severity 0-7 (facility kept)
 *   forward to syslog     0: journald's own ForwardToSyslog= decides
 *   forward to kmsg       0
 *   forward to console    0
 *
 * journald takes the sender's pid from the socket (SO_PEERCRED), so entries carry _PID of the
 * hook. The connection is made when the hook starts and the lines are written at its end, so
 * journald reads the pid while the hook still runs. Writing is asynchronous; the socket keeps
 * the process alive until the lines are in journald's queue (bounded by a timeout), and never
 * fails the hook.
 */
import type * as Net from 'node:net';
import { builtinModule } from '../builtin-module.js';

/** systemd's default path of the stream socket (systemd-journald.socket). */
export const JOURNAL_STREAM_SOCKET = '/run/systemd/journal/stdout';

export interface JournalStreamOptions {
  socket: string;
  identifier: string;
  /** Default priority with facility, e.g. 30 = daemon.info. */
  priority: number;
  /** Give up (and drop the lines) after this long. */
  timeoutMs: number;
  /** Told when the lines could not be handed over (journald down, timeout). */
  onFailure: (e: Error) => void;
}

/** One connection to journald: `send` once, or `close` without sending. */
interface JournalConnection {
  send: (text: string) => void;
  close: () => void;
}

/** The error for lines journald did not take within `ms`. */
function journalTimeout(ms: number): Error {
  return new Error(`journald did not take the lines within ${ms} ms`);
}

/** The header journald expects, then the lines ("<N>message", N a severity 0-7). */
export function journalStreamText(identifier: string, priority: number, lines: readonly string[]): string {
  return [identifier, '', String(priority), '1', '0', '0', '0', ...lines].join('\n') + '\n';
}

/** Connect to journald now; the lines follow with `send`. */
export function openJournalStream(opts: JournalStreamOptions): JournalStream {
  const conn = connect(opts);
  return {
    send: (lines) => conn.send(journalStreamText(opts.identifier, opts.priority, lines)),
    close: () => conn.close(),
  };
}

export interface JournalStream {
  send: (lines: readonly string[]) => void;
  close: () => void;
}

function connect(opts: JournalStreamOptions): JournalConnection {
  let sock: Net.Socket;
  try {
    sock = builtinModule<typeof Net>('node:net').createConnection({ path: opts.socket });
  } catch (e) {
    opts.onFailure(e instanceof Error ? e : new Error(String(e)));
    return { send: () => {}, close: () => {} };
  }
  let failed = false;
  const fail = (e: Error): void => {
    if (failed) return;
    failed = true;
    sock.destroy();
    opts.onFailure(e);
  };
  sock.on('error', fail);
  let sent = false;
  return {
    send: (text) => {
      if (sent || failed) return;
      sent = true;
      // The wait is bounded from here on: the connection may idle through a long hook run.
      sock.setTimeout(opts.timeoutMs, () => fail(journalTimeout(opts.timeoutMs)));
      // Once the text is in journald's receive queue, closing our end loses nothing (journald
      // reads the queue, then the end of the stream): no need to wait for journald to close too.
      sock.end(text, () => sock.destroy());
    },
    close: () => sock.destroy(),
  };
}

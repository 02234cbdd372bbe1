/**
 * Every hook run leaves one syslog line per action (tag "ctnet", facility daemon) with the
 * container id and the result. Lines are collected during the run and handed over once, at
 * the end (journald's connection is made at the start: `open`), to the first sink that exists
 * on the host:
 *   1. CTNET_SYSLOG_SOCKET=PATH (tests, other daemons): one detached `logger -u PATH`;
 *   2. systemd-journald's stream socket (/run/systemd/journal/stdout): written directly from
 *      this process (lib/doors/log/journal-stream.ts), no process spawned;
 *   3. /dev/log (rsyslog, syslog-ng, busybox syslogd): one detached `logger` (Node cannot write
 *      a datagram to a unix socket without a native module);
 *   4. none: a host without a syslog daemon has nowhere to keep the lines; stderr still has them.
 * The hook never waits for a sink to finish and a sink failure never fails the hook.
 * Off with CTNET_SYSLOG=0 and in dry runs.
 */
import { spawnDetached } from '../exec.js';
import { JOURNAL_STREAM_SOCKET, openJournalStream, type JournalStream } from './journal-stream.js';

/** Severities (syslog): info and err; the facility is daemon (3). */
const INFO = 6;
const ERR = 3;
const FACILITY_DAEMON = 3;
/** Keep each message well inside one syslog datagram. */
const MAX_LINE = 900;

export type SyslogSink = { kind: 'logger'; socket?: string } | { kind: 'journal'; socket: string } | { kind: 'none' };

/** Where a host keeps syslog lines, by what exists on it (`exists` asks the filesystem). */
export function chooseSyslogSink(o: { explicitSocket?: string; exists: (path: string) => boolean }): SyslogSink {
  if (o.explicitSocket) return { kind: 'logger', socket: o.explicitSocket };
  if (o.exists(JOURNAL_STREAM_SOCKET)) return { kind: 'journal', socket: JOURNAL_STREAM_SOCKET };
  if (o.exists('/dev/log')) return { kind: 'logger' };
  return { kind: 'none' };
}

export interface SyslogLines {
  info: (line: string) => void;
  error: (line: string) => void;
  /**
   * Pick the sink now, and with journald connect now (the lines follow at flush): journald
   * then takes the hook's pid from the connection while the hook runs.
   */
  open: () => void;
  /** Hand everything collected to the sink; idempotent. */
  flush: () => void;
}

export interface SyslogOptions {
  /** Prefixed to each line, e.g. "ctnet-vznet ct=101". */
  prefix: string;
  /** Nothing is sent when disabled (dry runs, CTNET_SYSLOG=0). */
  enabled: boolean;
  /** Asked once, at open or at the first flush with something to send. */
  sink: () => SyslogSink;
  /** The hook's pid, logged as the message id (journald takes it from the socket). */
  pid: number;
  /** Told when the lines could not be handed over (e.g. logger not installed, journald down). */
  onFailure: (e: Error) => void;
}

export function syslogLines(opts: SyslogOptions): SyslogLines {
  const lines: Array<{ severity: number; text: string }> = [];
  const add = (severity: number, line: string): void => {
    const clean = line.replace(/[\r\n]+/g, ' ').slice(0, MAX_LINE);
    lines.push({ severity, text: `${opts.prefix}: ${clean}` });
  };
  let sink: SyslogSink | undefined;
  let journal: JournalStream | undefined;
  const open = (): void => {
    if (!opts.enabled || sink) return;
    sink = opts.sink();
    if (sink.kind === 'journal') {
      journal = openJournalStream({
        socket: sink.socket,
        identifier: 'ctnet',
        priority: FACILITY_DAEMON * 8 + INFO,
        timeoutMs: 2000,
        onFailure: opts.onFailure,
      });
    }
  };
  return {
    info: (l) => add(INFO, l),
    error: (l) => add(ERR, l),
    open,
    flush: () => {
      if (!opts.enabled) return;
      if (lines.length === 0) {
        journal?.close();
        return;
      }
      open();
      if (journal) {
        journal.send(lines.map((l) => `<${l.severity}>${l.text}`));
      } else if (sink?.kind === 'logger') {
        // logger --prio-prefix wants <facility*8+severity>.
        const text = lines.map((l) => `<${FACILITY_DAEMON * 8 + l.severity}>${l.text}`).join('\n') + '\n';
        const args = ['-t', 'ctnet', `--id=${opts.pid}`, '--prio-prefix', ...(sink.socket ? ['-u', sink.socket] : [])];
        spawnDetached('logger', args, text, opts.onFailure);
      }
      lines.length = 0;
    },
  };
}

/** The container a hook run is about, from what vzctl and LXC put in the environment. */
export function ctIdFromEnv(processEnv: NodeJS.ProcessEnv): string | undefined {
  const id = processEnv['VEID'] || processEnv['LXC_NAME'];
  return id && /^[A-Za-z0-9_.-]{1,64}$/.test(id) ? id : undefined;
}

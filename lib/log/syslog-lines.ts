/**
 * Every hook run leaves one syslog line per action (tag "ctnet", facility daemon) with the
 * container id and the result. Lines are collected during the run and handed to ONE `logger`
 * process at the end, which is detached: the hook does not wait for it. (A `logger` per line
 * costs a process spawn each; Node cannot write a datagram to /dev/log without a native
 * module.) Off with CTNET_SYSLOG=0; CTNET_SYSLOG_SOCKET=PATH writes to another socket (tests).
 */
import { spawnDetached } from '../exec.js';

/** daemon.info and daemon.err as logger --prio-prefix wants them (<facility*8+severity>). */
const PRI_INFO = '<30>';
const PRI_ERR = '<27>';
/** Keep each message well inside one syslog datagram. */
const MAX_LINE = 900;

export interface SyslogLines {
  info: (line: string) => void;
  error: (line: string) => void;
  /** Hand everything collected to one detached logger; idempotent. */
  flush: () => void;
}

export interface SyslogOptions {
  /** Prefixed to each line, e.g. "ctnet-vznet ct=101". */
  prefix: string;
  /** Socket path for `logger -u`, default /dev/log (logger's own default). */
  socket?: string;
  /** Nothing is sent when disabled (dry runs, CTNET_SYSLOG=0). */
  enabled: boolean;
  /** The hook's pid, logged as the message id. */
  pid: number;
  /** Told when logger could not be started (e.g. not installed). */
  onFailure: (e: Error) => void;
}

export function syslogLines(opts: SyslogOptions): SyslogLines {
  const lines: string[] = [];
  const add = (pri: string, line: string): void => {
    const clean = line.replace(/[\r\n]+/g, ' ').slice(0, MAX_LINE);
    lines.push(`${pri}${opts.prefix}: ${clean}`);
  };
  return {
    info: (l) => add(PRI_INFO, l),
    error: (l) => add(PRI_ERR, l),
    flush: () => {
      if (!opts.enabled || lines.length === 0) return;
      const args = ['-t', 'ctnet', `--id=${opts.pid}`, '--prio-prefix', ...(opts.socket ? ['-u', opts.socket] : [])];
      spawnDetached('logger', args, lines.join('\n') + '\n', opts.onFailure);
      lines.length = 0;
    },
  };
}

/** The container a hook run is about, from what vzctl and LXC put in the environment. */
export function ctIdFromEnv(procEnv: NodeJS.ProcessEnv): string | undefined {
  const id = procEnv['VEID'] || procEnv['LXC_NAME'];
  return id && /^[A-Za-z0-9_.-]{1,64}$/.test(id) ? id : undefined;
}

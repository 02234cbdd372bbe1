/**
 * Turn an ovs-vsctl failure into the one line an admin needs. ovsdb-server down (socket
 * missing or refusing) and ovsdb/vswitchd not answering within `--timeout` (ovs-vsctl then dies
 * of SIGALRM) both read "Open vSwitch is unreachable", with what to check.
 */
import { CtnetError } from '../../errors.js';

const DOWN_RE = /database connection failed|Connection refused|No such file or directory|connection attempt failed/;
const TIMEOUT_RE = /Alarm clock|signal 14|timeout expired|did not answer/;

export function ovsError(e: unknown, timeoutSec?: number): CtnetError {
  if (!(e instanceof CtnetError)) return new CtnetError(String(e), { code: 'E_OVS', cause: e });
  if (e.code === 'E_SPAWN') {
    return new CtnetError('Open vSwitch is not installed: cannot run "ovs-vsctl"', {
      code: 'E_OVS_MISSING',
      cause: e,
      hint: 'install openvswitch-switch, or name a Linux bridge',
    });
  }
  const within = timeoutSec ? ` within ${timeoutSec} s` : '';
  if (e.code === 'E_TIMEOUT' || TIMEOUT_RE.test(e.message)) {
    return new CtnetError(`Open vSwitch is unreachable: ovs-vsctl got no answer${within}`, {
      code: 'E_OVS_DOWN',
      cause: e,
      hint: 'are ovsdb-server and ovs-vswitchd running? (ovs-vsctl show; systemctl status openvswitch-switch)',
      command: e.command,
    });
  }
  if (DOWN_RE.test(e.message)) {
    const why = /database connection failed.*$/.exec(e.message)?.[0] ?? e.message;
    return new CtnetError(`Open vSwitch is unreachable: ${why}`, {
      code: 'E_OVS_DOWN',
      cause: e,
      hint: 'is ovsdb-server running? (ovs-vsctl show; systemctl status openvswitch-switch)',
      command: e.command,
    });
  }
  return new CtnetError(e.message, {
    code: 'E_OVS',
    cause: e,
    hint: 'check "ovs-vsctl show" and the ovs-vswitchd log',
    command: e.command,
    exitCode: e.exitCode,
  });
}

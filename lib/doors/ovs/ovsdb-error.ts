/**
 * The one line an admin sees when talking to ovsdb fails. Socket missing or refusing and no
 * answer in time all read "Open vSwitch is unreachable" (E_OVS_DOWN), as the ovs-vsctl path
 * says (lib/doors/ovs/ovs-error.ts); no run directory at all means Open vSwitch is not installed
 * (E_OVS_MISSING); a refused transaction is E_OVS with ovsdb-server's own reason.
 */
import { CtnetError } from '../../errors.js';
import type { OvsdbAddress } from './ovsdb-address.js';

const DOWN_HINT = 'is ovsdb-server running? (ovs-vsctl show; systemctl status openvswitch-switch)';
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ECONNREFUSED: 'Connection refused',
  EACCES: 'Permission denied',
  ECONNRESET: 'Connection reset by peer',
  EPIPE: 'Broken pipe',
  ETIMEDOUT: 'Connection timed out',
  EHOSTUNREACH: 'No route to host',
};

/** connect()/write failed: not installed (no run dir) or unreachable. */
export function ovsdbConnectError(addr: OvsdbAddress, e: NodeJS.ErrnoException, runDirExists: boolean): CtnetError {
  if (addr.kind === 'unix' && e.code === 'ENOENT' && !runDirExists) {
    return new CtnetError(`Open vSwitch is not installed: no ovsdb socket directory for ${addr.text}`, {
      code: 'E_OVS_MISSING',
      cause: e,
      hint: 'install and start openvswitch-switch, or name a Linux bridge',
    });
  }
  const why = (e.code && ERRNO_TEXT[e.code]) ?? e.message;
  return new CtnetError(`Open vSwitch is unreachable: database connection failed (${why}): ${addr.text}`, {
    code: 'E_OVS_DOWN',
    cause: e,
    hint: DOWN_HINT,
  });
}

/** No answer within the timeout (a hung ovsdb-server accepts the connection but never answers). */
export function ovsdbTimeoutError(addr: OvsdbAddress, timeoutSec: number): CtnetError {
  return new CtnetError(
    `Open vSwitch is unreachable: no answer from ovsdb-server (${addr.text}) within ${timeoutSec} s`,
    {
      code: 'E_OVS_DOWN',
      hint: DOWN_HINT,
    },
  );
}

export function ovsdbClosedError(addr: OvsdbAddress): CtnetError {
  return new CtnetError(`Open vSwitch is unreachable: ovsdb-server (${addr.text}) closed the connection`, {
    code: 'E_OVS_DOWN',
    hint: DOWN_HINT,
  });
}

/**
 * The change is in the database but ovs-vswitchd did not apply it in time (ovs-vsctl waits the same
 * way).
 */
export function vswitchdTimeoutError(timeoutSec: number): CtnetError {
  return new CtnetError(`Open vSwitch is unreachable: ovs-vswitchd did not apply the change within ${timeoutSec} s`, {
    code: 'E_OVS_DOWN',
    hint: 'is ovs-vswitchd running? (ovs-appctl version; systemctl status openvswitch-switch)',
  });
}

/** A JSON-RPC error answer, or an OVSDB operation error ({error, details}). */
export function ovsdbRefusedError(what: string, error: unknown, details?: unknown): CtnetError {
  const reason = typeof error === 'string' ? error : JSON.stringify(error);
  const more = typeof details === 'string' && details ? `: ${firstSentence(details)}` : '';
  return new CtnetError(`ovsdb-server refused ${what}: ${reason}${more}`, {
    code: 'E_OVS',
    hint: 'check "ovs-vsctl show" and the ovsdb-server log',
  });
}

/**
 * ovsdb's details run to several sentences ("... First row, with UUID ..."): the first says what.
 */
function firstSentence(text: string): string {
  const cut = text.indexOf('.  ');
  return (cut > 0 ? text.slice(0, cut) : text).replace(/\s+/g, ' ').trim().replace(/\.$/, '');
}

import { defaultOvsDb } from '../doors/ovs/ovsdb-address.js';
import { DEFAULT_RUN_DIR } from '../state/teardown-record.js';
import { bgpdVtyPath } from '../doors/bgpd-vty.js';

/**
 * Where the outside world is, for executors: paths and the OVS database. Tests point these at a
 * lab.
 */
export interface ApplyContext {
  /** vzctl binary (OpenVZ CT side). */
  vzctl: string;
  /** ovs-vsctl argv prefix, e.g. ['ovs-vsctl'] or ['ovs-vsctl', '--db=unix:/x/db.sock']. */
  ovsVsctl: string[];
  /**
   * The OVSDB socket ctnet talks to itself (hooks: port up/down, bridge detection):
   * `unix:PATH` or `tcp:IP:PORT`; default ovs-vsctl's, unix:$OVS_RUNDIR/db.sock.
   */
  ovsDb: string;
  /** Seconds ovs-vsctl / an OVSDB request / ovs-vswitchd may take before ctnet gives up. */
  ovsTimeoutSec: number;
  /** /proc/sys */
  procSys: string;
  /** Locks and host-wide state (NAT table contents): /run/ctnet. */
  runDir: string;
  /** nft binary (ctnet's own nftables table). */
  nft: string;
  /**
   * bgpd's vty socket for questions to the local FRR (default /var/run/frr/bgpd.vty;
   * CTNET_FRR_PATHSPACE=NAME: /var/run/frr/NAME/bgpd.vty).
   */
  bgpdVty?: string;
  /** Log a line on stderr (summary) and, if verbose, the commands. */
  log: (line: string) => void;
}

/** `env` selects the OVSDB socket as it does for ovs-vsctl (OVS_RUNDIR). */
export function defaultApplyContext(
  log: (line: string) => void = () => undefined,
  env: Record<string, string | undefined> = process.env,
): ApplyContext {
  return {
    vzctl: '/usr/sbin/vzctl',
    ovsVsctl: ['ovs-vsctl'],
    ovsDb: defaultOvsDb(env),
    ovsTimeoutSec: 5,
    procSys: '/proc/sys',
    runDir: DEFAULT_RUN_DIR,
    nft: 'nft',
    log,
    bgpdVty: bgpdVtyOf(env),
  };
}

/**
 * bgpd's vty socket, of the FRR pathspace CTNET_FRR_PATHSPACE (vtysh -N NAME) when it is a plain
 * name.
 */
export function bgpdVtyOf(env: Record<string, string | undefined>): string {
  const ns = env['CTNET_FRR_PATHSPACE'];
  return bgpdVtyPath(ns && /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(ns) ? ns : undefined);
}

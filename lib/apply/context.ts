import { DEFAULT_RUN_DIR } from '../state/teardown-record.js';

/** Where the outside world is, for executors: paths and the OVS database. Tests point these at a lab. */
export interface ApplyContext {
  /** vzctl binary (OpenVZ CT side). */
  vzctl: string;
  /** ovs-vsctl argv prefix, e.g. ['ovs-vsctl'] or ['ovs-vsctl', '--db=unix:/x/db.sock']. */
  ovsVsctl: string[];
  /** Seconds ovs-vsctl may wait for ovsdb before giving up. */
  ovsTimeoutSec: number;
  /** /proc/sys */
  procSys: string;
  /** Locks and host-wide state (NAT table contents): /run/ctnet. */
  runDir: string;
  /** nft binary (ctnet's own nftables table). */
  nft: string;
  /** Log a line on stderr (summary) and, if verbose, the commands. */
  log: (line: string) => void;
}

export function defaultApplyContext(log: (line: string) => void = () => undefined): ApplyContext {
  return { vzctl: '/usr/sbin/vzctl', ovsVsctl: ['ovs-vsctl'], ovsTimeoutSec: 5, procSys: '/proc/sys', runDir: DEFAULT_RUN_DIR, nft: 'nft', log };
}

/**
 * A plan is plain data: what a hook will do, step by step, and how to undo each step.
 * Planners are pure functions that return a Plan; `render-plan` prints it (dry-run),
 * `apply-plan` executes it with rollback. The teardown of an up is a list of entries (data),
 * can be recorded and replayed by a later down.
 */
import type { NatEntry } from '../setups/nat/nat-entry.js';
import type { TeardownEntry } from './teardown-types.js';
import type { PortGuardStep } from './guard/port-guard-step.js';
import type { GuardSpec } from './guard/guard-spec.js';

/** One `ip -batch` line and the line that undoes it (none when nothing needs undoing). */
export interface BatchLine {
  cmd: string;
  undo?: string;
}

/** Host changes, all in one `ip -batch -` process (or `bridge -batch -` for VLAN entries). */
export interface HostBatchStep {
  kind: 'host-batch';
  what: string;
  /** The iproute2 program that reads the batch (default ip). */
  tool?: 'ip' | 'bridge';
  lines: BatchLine[];
  /** 6: run as `ip -6 -batch -` (ip rule needs the family; default IPv4/any). */
  family?: 4 | 6;
  /** Teardown mode: run every line (`-force`), "not found" answers count as done. */
  tolerateMissing?: boolean;
  /** Shared objects made once (a class table's rule): "File exists" counts as done. */
  tolerateExisting?: boolean;
}

/** Container-side changes, all in one `vzctl exec <veid> ip -batch -` (stdin-fed). */
export interface CtBatchStep {
  kind: 'ct-batch';
  what: string;
  veid: string;
  lines: string[];
  /** Per line, what undoes it ('' = nothing); rollback runs the undo of the lines that applied. */
  undo?: string[];
  /** Run every line (`ip -force -batch`): rollback mode. */
  force?: boolean;
}

/** One atomic `ovs-vsctl` transaction: commands joined by `--`. */
export interface OvsStep {
  kind: 'ovs';
  what: string;
  /** Each inner array is one ovs-vsctl command; they run as one transaction. */
  commands: string[][];
  /** Commands that undo it (one transaction), if any. */
  undo?: string[][];
  /**
   * Run only when this port's external_ids:ctnet-owner equals `owner` (checked with one
   * `ovs-vsctl get` when the step runs); a missing port or another owner means skip.
   */
  onlyIfOwner?: { port: string; owner: string };
}

/**
 * A container's port on an Open vSwitch bridge (what ctnet writes into the Port/Interface rows).
 */
export interface OvsPortSpec {
  bridge: string;
  /** Port and interface name: the host veth. */
  port: string;
  /** ctnet-owner value (ovsOwner()). */
  owner: string;
  /** The interface name inside the container, recorded as ctnet-ifname. */
  ifname?: string;
  vlan?: number;
  trunks?: number[];
  mtu?: number;
  /** Extra Interface external_ids (e.g. OpenVZ 7's iface-id, attached-mac). */
  interfaceIds?: Record<string, string>;
  /**
   * LXC attached the veth to this bridge itself (lxc.net.N.link): a plain port of this name
   * without a ctnet owner on this bridge is LXC's and is taken over (lib/apply/port-takeover.ts).
   */
  adoptUnowned?: boolean;
  /**
   * The port's anti-spoofing filter: on a userspace-datapath bridge its OpenFlow flows are
   * installed once the port is there.
   */
  guard?: GuardSpec;
}

/**
 * A port up or down done over OVSDB itself (lib/apply/ovs-port-apply.ts): a select of the one
 * port and bridge by name, then one atomic transaction. `add` replaces a port of the same name
 * only when it is this container's (lib/apply/port-takeover.ts) and waits for ovs-vswitchd; `remove`
 * removes the port only when its ctnet-owner is `owner` (any port of that name when no owner is
 * given), without waiting for vswitchd.
 */
export type OvsPortStep =
  | { kind: 'ovs-port'; what: string; op: 'add'; spec: OvsPortSpec }
  | { kind: 'ovs-port'; what: string; op: 'remove'; port: string; owner?: string };

/** A per-interface sysctl written through /proc/sys (no process spawned). */
export interface SysctlStep {
  kind: 'sysctl';
  what: string;
  /** e.g. net/ipv4/conf/veth101.0/proxy_arp */
  key: string;
  value: string;
  /** Value to restore on rollback, when known. */
  undoValue?: string;
  /** Teardown mode: a missing key (interface gone) counts as done. */
  tolerateMissing?: boolean;
}

/**
 * A change to ctnet's own nftables table (`table inet ctnet`): add or remove one owner's NAT
 * entries. Executed under the "nat" lock as one atomic `nft -f -` that rebuilds only that table.
 */
export interface NftStep {
  kind: 'nft';
  what: string;
  owner: string;
  op: 'add' | 'remove';
  /** For remove, an empty list means everything the owner has. */
  entries: NatEntry[];
}

export type Step = HostBatchStep | CtBatchStep | OvsStep | OvsPortStep | SysctlStep | NftStep | PortGuardStep;

export interface Plan {
  /** Who: "CT 101", "container c1". */
  subject: string;
  /** What: "up veth101.0", "down". */
  action: string;
  steps: Step[];
  /**
   * What a later down must remove of what this plan adds, as data (recorded at apply time;
   * lib/plan/teardown-entry.ts rebuilds the commands).
   */
  teardown: TeardownEntry[];
  /** Facts worth telling the admin (skipped work, defaults taken). */
  notes: string[];
}

export function emptyPlan(subject: string, action: string): Plan {
  return { subject, action, steps: [], teardown: [], notes: [] };
}

/**
 * Port forwards of one container as plan steps (pure), for any hook: the OpenVZ vznet/umount
 * path (CTNET_FORWARD) and ctnet-lxc (--forward). Up adds the owner's forwards to ctnet's NAT
 * table; its teardown (and down) removes exactly the owner's entries.
 *
 *   const { steps, teardown } = planForwardsUp({ owner: 'lxc-c1', forwards, targets: [addr] });
 *   plan.steps.push(...steps); plan.teardown.push(...teardown);
 *   // at down: plan.steps.push(...planForwardsDown({ owner: 'lxc-c1' }));
 */
import type { ForwardSpec } from '../../request/forward-spec.js';
import type { IpAddr } from '../../request/ip-address.js';
import type { NftStep } from '../../plan/plan.js';
import type { NatOwnerEntry } from '../../plan/teardown-entry.js';
import type { ForwardEntry } from './nat-entry.js';

export interface ForwardsUp {
  /** Stable per container: "vz-101", "lxc-c1". */
  owner: string;
  forwards: ForwardSpec[];
  /** The container's addresses; the first IPv4 and the first IPv6 receive the forwards. */
  targets: IpAddr[];
}

export function forwardEntries(up: ForwardsUp): ForwardEntry[] {
  const targets = ([4, 6] as const)
    .map((f) => up.targets.find((a) => a.family === f))
    .filter((a): a is IpAddr => a !== undefined);
  return targets.flatMap((t) =>
    up.forwards.map((f) => ({
      type: 'forward' as const,
      proto: f.proto,
      hostPort: f.hostPort,
      to: t.address,
      toPort: f.ctPort,
      family: t.family,
    })),
  );
}

export function planForwardsUp(up: ForwardsUp): { steps: NftStep[]; teardown: NatOwnerEntry[] } {
  const entries = forwardEntries(up);
  if (entries.length === 0) return { steps: [], teardown: [] };
  return {
    steps: [{ kind: 'nft', what: `forward ports to ${up.owner}`, owner: up.owner, op: 'add', entries }],
    teardown: [{ kind: 'nat', owner: up.owner, entries }],
  };
}

/** Remove everything the owner has in the NAT table; a no-op when it has nothing. */
export function planForwardsDown(down: { owner: string }): NftStep[] {
  return [{ kind: 'nft', what: `remove port forwards of ${down.owner}`, owner: down.owner, op: 'remove', entries: [] }];
}

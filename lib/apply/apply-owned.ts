/**
 * Apply an up that routes container addresses, with address ownership (issue 15): the
 * addresses must not be the host's, a routed container's must not lie in a network the host
 * is connected to (unless a container pool), and the node-wide registry must give them to
 * this container, and (proxy uplinks) no one else on that LAN may answer for them (the
 * duplicate-address probe); then the plan is applied under its record (apply-recorded.ts).
 * An up that fails releases the claims it made. Nothing is applied when a check refuses.
 */
import { CtnetError } from '../errors.js';
import type { HookEnv } from '../hook/hook-env.js';
import type { HostConfig } from '../setups/host/host-conf.js';
import { readHostAddresses } from '../observe/host-addresses.js';
import { readLinkState } from '../observe/link-state.js';
import { hostAddressConflict, type OwnedAddress } from '../plan/host-address-conflict.js';
import type { Plan } from '../plan/plan.js';
import { dadVerdict } from '../plan/dad-verdict.js';
import { probeAddresses } from '../observe/dad-probe.js';
import { claimAddresses, releaseAddresses } from '../state/address-registry.js';
import { applyRecorded, type RecordPart } from './apply-recorded.js';

export interface OwnedUp {
  addresses: readonly OwnedAddress[];
  /** No bridge: host routes via the veth, proxy ARP/NDP. */
  routed: boolean;
  /** Uplinks the node answers ARP/NDP on for these addresses: probed for duplicates first. */
  proxyDevs?: readonly string[];
  /** The container's own duplicate-address probe switch (CTNET_DAD); unset: the host's. */
  dad?: boolean;
  /** host.conf as this hook run loaded it (pools and the probe default of [isolation]). */
  host: HostConfig;
}

export async function applyOwned(plan: Plan, record: RecordPart, own: OwnedUp, env: HookEnv): Promise<void> {
  if (own.addresses.length === 0) return applyRecorded(plan, record, env.ctx);
  const iso = own.routed ? own.host.isolation : undefined;
  const pools = iso?.pools ?? [];
  const conflict = hostAddressConflict({
    addresses: own.addresses,
    host: await readHostAddresses(own.addresses.map((a) => a.ip.family)),
    routed: own.routed,
    pools,
    hostConf: own.host.file,
  });
  if (conflict) throw new CtnetError(`${plan.subject}: ${conflict}`, { code: 'E_ADDRESS_OWNER' });
  const warn = (l: string): void => env.ctx.log(`${plan.subject}: ${l}`);
  const fresh = await claimAddresses({
    runDir: record.runDir,
    owner: record.id,
    part: record.part,
    warn,
    addresses: own.addresses.map((a) => ({ address: a.ip.address, from: `${plan.subject}: ${a.from}` })),
    isLive: (c) => readLinkState(c.part, env.sysNet).exists,
  });
  try {
    // Only fresh claims are probed: an address this container holds is answered for by this node.
    if ((own.dad ?? iso?.dad ?? true) && own.proxyDevs?.length) await probeFresh(plan.subject, own, fresh, env);
    await applyRecorded(plan, record, env.ctx);
  } catch (e) {
    await releaseAddresses({ runDir: record.runDir, owner: record.id, addresses: fresh, warn });
    throw e;
  }
}

/** Duplicate-address probes on the proxy uplinks; refuses when something answers. */
async function probeFresh(subject: string, own: OwnedUp, fresh: readonly string[], env: HookEnv): Promise<void> {
  const probed = own.addresses
    .filter((a) => fresh.includes(a.ip.address))
    .flatMap((a) => own.proxyDevs!.map((dev) => ({ ...a, dev })));
  const verdict = dadVerdict(probed, await probeAddresses(probed));
  for (const n of verdict.notes) env.ctx.log(`${subject}: note: ${n}`);
  if (verdict.refusal) throw new CtnetError(`${subject}: ${verdict.refusal}`, { code: 'E_ADDRESS_IN_USE' });
}

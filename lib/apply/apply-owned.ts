/**
 * Apply an up that routes container addresses, with address ownership (issue 15): the
 * addresses must not be the host's, a routed container's must not lie in a network the host
 * is connected to (unless a container pool), and the node-wide registry must give them to
 * this container; then the plan is applied under its record (apply-recorded.ts). An apply
 * that fails releases the claims it made. Nothing is applied when a check refuses.
 */
import { CtnetError } from '../errors.js';
import type { HookEnv } from '../hook/hook-env.js';
import { hostConfFile, loadHostConfig } from '../host/load-host-config.js';
import { readHostAddresses } from '../net/host-addresses.js';
import { readLinkState } from '../net/link-state.js';
import { hostAddressConflict, type OwnedAddress } from '../plan/host-address-conflict.js';
import type { Plan } from '../plan/plan.js';
import { claimAddresses, releaseAddresses } from '../state/address-registry.js';
import { applyRecorded, type RecordPart } from './apply-recorded.js';

export interface OwnedUp {
  addresses: readonly OwnedAddress[];
  /** No bridge: host routes via the veth, proxy ARP/NDP. */
  routed: boolean;
}

export const DEFAULT_ETC_DIR = '/etc';

export async function applyOwned(plan: Plan, record: RecordPart, own: OwnedUp, env: HookEnv): Promise<void> {
  if (own.addresses.length === 0) return applyRecorded(plan, record, env.ctx);
  const etcDir = env.etcDir ?? DEFAULT_ETC_DIR;
  const pools = own.routed ? loadHostConfig(etcDir).isolation.pools : [];
  const conflict = hostAddressConflict({ addresses: own.addresses, host: await readHostAddresses(), routed: own.routed, pools, hostConf: hostConfFile(etcDir) });
  if (conflict) throw new CtnetError(`${plan.subject}: ${conflict}`, { code: 'E_ADDRESS_OWNER' });
  const warn = (l: string): void => env.ctx.log(`${plan.subject}: ${l}`);
  const fresh = await claimAddresses({
    runDir: record.runDir, owner: record.id, part: record.part, warn,
    addresses: own.addresses.map((a) => ({ address: a.ip.address, from: `${plan.subject}: ${a.from}` })),
    isLive: (c) => readLinkState(c.part, env.sysNet).exists,
  });
  try {
    await applyRecorded(plan, record, env.ctx);
  } catch (e) {
    await releaseAddresses({ runDir: record.runDir, owner: record.id, addresses: fresh, warn });
    throw e;
  }
}

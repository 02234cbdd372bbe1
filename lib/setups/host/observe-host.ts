/**
 * Read what `planHost` compares against, asking only about the objects host.conf declares and
 * the host record lists (one `ip -j -d addr show dev` per link, sysfs for the MAC pin and
 * bridge ports, one `ovs-vsctl list-br` when an OVS bridge is involved), plus the NAT and
 * pbr state. Read-only.
 */
import { join } from 'node:path';
import type { ApplyContext } from '../../apply/context.js';
import { CtnetError } from '../../errors.js';
import { listDir, readTextIfExists } from '../../doors/fs.js';
import { readNatState } from '../nat/nat-state.js';
import { readLinkDetail } from '../../observe/link-detail.js';
import { readLinkState, SYS_NET } from '../../observe/link-state.js';
import { ovsVsctl } from '../../doors/ovs/ovs-vsctl.js';
import type { PbrConfig } from '../pbr/networks-conf.js';
import { readPbrState, rtTablesFile } from '../pbr/pbr-apply.js';
import { rtTablesText } from '../pbr/pbr-entries.js';
import { readPbrRecord } from '../pbr/pbr-record.js';
import type { HostConfig } from './host-conf.js';
import { readHostRecord } from './host-record.js';
import type { HostObserved, LinkSeen } from './plan-host.js';

export interface ObserveEnv {
  ctx: ApplyContext;
  etcDir: string;
  runDir: string;
  sysNet?: string;
}

export async function observeHost(
  cfg: HostConfig,
  pbrCfg: PbrConfig | undefined,
  env: ObserveEnv,
): Promise<HostObserved> {
  const sysNet = env.sysNet ?? SYS_NET;
  const record = readHostRecord(env.runDir);
  const links: Record<string, LinkSeen> = {};
  const names = new Set([
    ...cfg.bridges.map((b) => b.name),
    ...cfg.shims.map((s) => s.name),
    ...record.bridges.map((b) => b.name),
    ...record.shims,
  ]);
  for (const name of names) {
    const detail = await readLinkDetail(name);
    if (detail) links[name] = { detail, macFixed: Boolean(readLinkState(name, sysNet).macFixed) };
  }
  for (const parent of cfg.shims.map((s) => s.parent)) {
    if (!links[parent] && readLinkState(parent, sysNet).exists) links[parent] = { macFixed: false };
  }
  const anyOvs = cfg.bridges.some((b) => b.ovs) || record.bridges.some((b) => b.ovs);
  const ovsBridges = anyOvs ? await listOvsBridges(env.ctx) : undefined;
  for (const r of record.bridges) {
    const link = links[r.name];
    if (!link) continue;
    link.ports = r.ovs
      ? ovsBridges?.includes(r.name)
        ? await countOvsPorts(env.ctx, r.name)
        : 0
      : listDir(join(sysNet, r.name, 'brif')).length;
  }
  const seen: HostObserved = { links, nat: readNatState(env.runDir, { keepBad: true }).state, record, ovsBridges };
  if (pbrCfg || readPbrRecord(env.runDir).length) {
    const state = await readPbrState(pbrCfg, env.runDir);
    seen.pbr = { state, namesOk: pbrCfg ? readTextIfExists(rtTablesFile(env.etcDir)) === rtTablesText(pbrCfg) : true };
  }
  return seen;
}

async function listOvsBridges(ctx: ApplyContext): Promise<string[] | undefined> {
  try {
    return (await ovsVsctl(ctx, ['list-br'])).stdout.split('\n').filter((l) => l !== '');
  } catch (e) {
    if (e instanceof CtnetError && (e.code === 'E_OVS_MISSING' || e.code === 'E_OVS_DOWN')) return undefined;
    throw e;
  }
}

async function countOvsPorts(ctx: ApplyContext, bridge: string): Promise<number> {
  return (await ovsVsctl(ctx, ['list-ports', bridge])).stdout.split('\n').filter((l) => l !== '').length;
}

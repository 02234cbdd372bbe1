/**
 * The two vznetcfg command lines, turned into one typed event (pure: argv + env in).
 * - legacy vzctl 4.x (kolyshkin/vzctl bin/vznetcfg.in, src/lib/veth.c):
 *     `init veth <host_ifname> [<bridge>]`, env VEID (Proxmox's vzctl adds the bridge)
 * - OpenVZ 7 libvzctl (scripts/vznetcfg.in, lib/veth.c run_vznetcfg):
 *     `addif <host_ifname> <network>` / `delif <host_ifname> [""]`, env VEID (may be a
 *     UUID), NETWORK_TYPE=bridge (only for type=bridge), VPORT_TYPE=ovs, IFACEID, MAC (the
 *     CT-side MAC). libvzctl passes an empty network to delif: empty arguments are ignored.
 */
import { usageError } from '../../errors.js';
import { checkCtid, checkIfname, checkMac } from '../../request/validate.js';
import { IFACEID_RE } from './netif-ov7.js';

interface LegacyInitEvent {
  kind: 'init';
  veid: string;
  dev: string;
  /** Proxmox's 4th argument. */
  bridgeArg?: string;
}

interface Ov7Port {
  /** VPORT_TYPE=ovs */
  ovs: boolean;
  ifaceId?: string;
  mac?: string;
}

interface AddifEvent extends Ov7Port {
  kind: 'addif';
  veid: string;
  dev: string;
  network: string;
  /** NETWORK_TYPE=bridge: the network name is the bridge. Otherwise a libvirt network. */
  networkIsBridge: boolean;
}

interface DelifEvent extends Ov7Port {
  kind: 'delif';
  veid?: string;
  dev: string;
}

export type VznetcfgEvent = LegacyInitEvent | AddifEvent | DelifEvent;

const VZNETCFG_FORMS = '"init veth <host_ifname> [<bridge>]", "addif <host_ifname> <network>" or "delif <host_ifname>"';

export function vznetcfgEvent(argv: string[], processEnv: NodeJS.ProcessEnv): VznetcfgEvent {
  const args = argv.filter((a) => a !== '');
  const [verb] = args;
  if (verb === 'init') return legacyInit(args, processEnv);
  if (verb === 'addif' || verb === 'delif') return ov7(verb, args, processEnv);
  throw usageError(`expected ${VZNETCFG_FORMS}, got "${argv.join(' ')}"`);
}

function legacyInit(args: string[], processEnv: NodeJS.ProcessEnv): LegacyInitEvent {
  const [, type, dev, bridge, extra] = args;
  if (type !== 'veth' || !dev || extra !== undefined) {
    throw usageError(`expected "init veth <host_ifname> [<bridge>]", got "${args.join(' ')}"`);
  }
  const ev: LegacyInitEvent = { kind: 'init', veid: veidOf(processEnv, true)!, dev: ifnameArg('host_ifname', dev) };
  if (bridge !== undefined) ev.bridgeArg = ifnameArg('bridge', bridge);
  return ev;
}

function ov7(verb: 'addif' | 'delif', args: string[], processEnv: NodeJS.ProcessEnv): AddifEvent | DelifEvent {
  const [, dev, network, extra] = args;
  const wanted = verb === 'addif' ? 3 : 2;
  if (args.length !== wanted || extra !== undefined) {
    throw usageError(
      `expected "${verb === 'addif' ? 'addif <host_ifname> <network>' : 'delif <host_ifname>'}", got "${args.join(' ')}"`,
    );
  }
  const port = portOf(processEnv);
  if (verb === 'delif') {
    const veid = veidOf(processEnv, false);
    return { kind: 'delif', dev: ifnameArg('host_ifname', dev!), ...port, veid };
  }
  return {
    kind: 'addif',
    veid: veidOf(processEnv, true)!,
    dev: ifnameArg('host_ifname', dev!),
    network: ifnameArg('network', network!),
    networkIsBridge: networkType(processEnv),
    ...port,
  };
}

function veidOf(processEnv: NodeJS.ProcessEnv, required: boolean): string | undefined {
  const veid = processEnv['VEID'] ?? '';
  if (!veid) {
    if (!required) return undefined;
    throw usageError('VEID is not set in the environment (vzctl sets it)');
  }
  const why = checkCtid(veid);
  if (why) throw usageError(`VEID: ${why}`);
  return veid;
}

function ifnameArg(what: string, v: string): string {
  const why = checkIfname(v);
  if (why) throw usageError(`${what} argument: ${why}`);
  return v;
}

function networkType(processEnv: NodeJS.ProcessEnv): boolean {
  const t = processEnv['NETWORK_TYPE'] ?? '';
  if (t === '') return false;
  if (t !== 'bridge') throw usageError(`NETWORK_TYPE: "${t}" is not "bridge" (the only type libvzctl passes)`);
  return true;
}

function portOf(processEnv: NodeJS.ProcessEnv): Ov7Port {
  const vport = processEnv['VPORT_TYPE'] ?? '';
  if (vport !== '' && vport !== 'ovs') throw usageError(`VPORT_TYPE: "${vport}" is not "ovs"`);
  const port: Ov7Port = { ovs: vport === 'ovs' };
  const ifaceId = processEnv['IFACEID'] ?? '';
  if (ifaceId !== '') {
    if (!IFACEID_RE.test(ifaceId))
      throw usageError(`IFACEID: "${ifaceId}" is not a plain id (letters, digits, "_.:{}-")`);
    port.ifaceId = ifaceId;
  }
  const mac = processEnv['MAC'] ?? '';
  if (mac !== '') {
    const why = checkMac(mac);
    if (why) throw usageError(`MAC: ${why}`);
    port.mac = mac.toLowerCase();
  }
  return port;
}

/**
 * OpenVZ 7 passes a network without NETWORK_TYPE=bridge when it is a libvirt virtual network;
 * its bridge is the `Bridge:` line of `virsh net-info <network>`, as libvzctl's vznetcfg reads it.
 */
import { CtnetError } from '../../errors.js';
import { run } from '../../doors/exec.js';
import { checkIfname } from '../../request/validate.js';

/** Parse `virsh net-info` output; undefined when there is no Bridge: line. */
export function bridgeFromNetInfo(text: string): string | undefined {
  return /^Bridge:\s+(\S+)\s*$/m.exec(text)?.[1];
}

export async function resolveNetworkBridge(network: string): Promise<string> {
  const res = await run('virsh', ['net-info', network], { timeoutMs: 15_000, allowFailure: true }).catch(
    (e: unknown) => {
      throw new CtnetError(
        `network "${network}" is a virtual network (NETWORK_TYPE is not "bridge") and virsh cannot be run`,
        {
          code: 'E_NETWORK',
          cause: e,
          hint: 'use a bridge network (NETIF type=bridge) or install libvirt-clients',
        },
      );
    },
  );
  const bridge = res.exitCode === 0 ? bridgeFromNetInfo(res.stdout) : undefined;
  if (!bridge) {
    const why = res.exitCode !== 0 ? (res.stderr.trim().split('\n')[0] ?? '') : 'no "Bridge:" line';
    throw new CtnetError(`cannot find the bridge of virtual network "${network}": virsh net-info: ${why}`, {
      code: 'E_NETWORK',
      command: res.command,
      hint: 'check "virsh net-info ' + network + '"',
    });
  }
  const bad = checkIfname(bridge);
  if (bad) throw new CtnetError(`virsh net-info ${network}: bridge ${bad}`, { code: 'E_NETWORK' });
  return bridge;
}

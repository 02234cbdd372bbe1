/** What the demo prints after the hooks ran: bridge ports, host routes, OVS ports, CT side. */
import type { DemoCt, DemoLab } from './demo-lab.js';
import type { DemoOvs } from './demo-ovs.js';

export async function showLab(
  lab: DemoLab,
  cts: DemoCt[],
  ovs: DemoOvs | undefined,
  out: (s: string) => void,
): Promise<void> {
  out(`node ${lab.hn}:\n`);
  out(indent((await lab.ip(lab.hn, ['-br', 'link', 'show', 'master', 'br0'])).stdout, '  ports of br0: '));
  out(indent((await lab.ip(lab.hn, ['route', 'show', 'proto', '213'])).stdout, '  route: '));
  if (ovs) {
    out(indent(await ovs.vsctl(['--format=table', '--columns=name,tag,external_ids', 'list', 'port']), '  ovs: '));
  }
  for (const { ct } of cts) {
    out(`CT ${ct} (${lab.ctNs(ct)}):\n`);
    out(indent((await lab.ip(lab.ctNs(ct), ['-br', 'addr', 'show', 'dev', 'eth0'])).stdout, '  addr: '));
    out(indent((await lab.ip(lab.ctNs(ct), ['route', 'show'])).stdout, '  route: '));
  }
}

export function indent(text: string, prefix = '  '): string {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines.length ? lines.map((l) => `${prefix}${l.trim()}\n`).join('') : '';
}

/**
 * 500 other filtered ports on the node (lib/plan/guard/, lib/apply/guard/): 500 veths made once, and their chains in
 * `table netdev ctnet-guard` added or removed as the alternating blocks switch (the bench
 * CT's own chain stays its own). The chains are written by the same renderer the hooks use.
 */
import { renderGuardAdd, renderGuardRemove } from '../lib/plan/guard/render-guard.js';
import type { VzLab } from '../test/lab/vz-lab.js';
import { ipBatch, sh } from '../test/lab/netns.js';

const port = (i: number): string => `gb${i}`;

export async function addGuardedVeths(lab: VzLab, count: number): Promise<void> {
  await ipBatch(
    lab.hn,
    Array.from({ length: count }, (_, i) => `link add ${port(i)} type veth peer name ${port(i)}p`),
  );
}

export async function addGuardChains(lab: VzLab, count: number): Promise<void> {
  const script = Array.from({ length: count }, (_, i) =>
    renderGuardAdd({
      port: port(i),
      mac: `02:00:00:01:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`,
      addresses: [{ family: 4, address: `172.31.${(i >> 8) & 255}.${i & 255}`, prefix: 32 }],
      dhcp: false,
      macFilter: true,
      ipFilter: true,
    }),
  ).join('');
  await sh('ip', ['netns', 'exec', lab.hn, 'nft', '-f', '-'], { input: script, timeoutMs: 120_000 });
}

export async function removeGuardChains(lab: VzLab, count: number): Promise<void> {
  const script = Array.from({ length: count }, (_, i) => renderGuardRemove(port(i))).join('');
  await sh('ip', ['netns', 'exec', lab.hn, 'nft', '-f', '-'], { input: script, timeoutMs: 120_000 });
}

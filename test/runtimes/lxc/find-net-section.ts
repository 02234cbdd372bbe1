import t from 'tap';
import { parseLxcConfig } from '../../../lib/runtimes/lxc/lxc-config.js';
import { agreed, findNetSection } from '../../../lib/runtimes/lxc/find-net-section.js';
import type { LxcNetEvent } from '../../../lib/runtimes/lxc/lxc-event.js';

const cfg = parseLxcConfig(
  `lxc.net.0.type = veth
lxc.net.0.link = br0
lxc.net.0.ipv4.address = 10.0.0.1/24
lxc.net.0.script.up = /hook
lxc.net.1.type = veth
lxc.net.1.veth.pair = vethfix
lxc.net.1.link = sw0
lxc.net.2.type = veth
lxc.net.2.link = br0
lxc.net.2.ipv4.address = 10.0.0.2/24
lxc.net.2.script.up = /hook
lxc.net.3.type = veth
lxc.net.3.link = br7
`,
  'cfg',
);
const ev = (over: Partial<LxcNetEvent>): LxcNetEvent => ({
  name: 'c1',
  phase: 'up',
  type: 'veth',
  hookVersion: 0,
  ...over,
});

t.test('veth.pair wins', async (t) => {
  t.same(
    findNetSection(cfg, ev({ device: 'vethfix' })).candidates.map((s) => s.label),
    ['lxc.net.1'],
  );
});

t.test('by link, narrowed to sections with a script; values must agree', async (t) => {
  const m = findNetSection(cfg, ev({ device: 'vethRND', link: 'br0' }));
  t.same(
    m.candidates.map((s) => s.label),
    ['lxc.net.0', 'lxc.net.2'],
  );
  t.equal(
    agreed(m, 'link', (s) => s.link),
    'br0',
    'they agree on the link',
  );
  t.throws(() => agreed(m, 'ipv4.address', (s) => s.ipv4), {
    message:
      /cannot tell which section "vethRND" belongs to: lxc.net.0, lxc.net.2 all match and differ in ipv4.address/,
  });
  t.same(
    findNetSection(cfg, ev({ device: 'vethRND', link: 'br7' })).candidates.map((s) => s.label),
    ['lxc.net.3'],
  );
  t.same(findNetSection(cfg, ev({ device: 'x', type: 'macvlan' })).candidates, []);
  t.equal(
    agreed(findNetSection(cfg, ev({ type: 'phys' })), 'link', (s) => s.link),
    undefined,
    'no candidate: undefined',
  );
});

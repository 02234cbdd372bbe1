/**
 * ctnet-lxc on real userspace Open vSwitch never replaces a port it does not own (issue 15,
 * point 5): an admin's patch port that has the veth's name (lxc.net.N.veth.pair = patch-tun)
 * is refused with one clear line, and after the failed up and its down it is still there.
 */
import t from 'tap';
import { LxcLab } from '../lab/lxc-lab.js';
import { ipBatch } from '../lab/netns.js';

const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1');

t.test("a patch port of the veth's name is refused, and survives the failed up and the down", async (t) => {
  const lab = await LxcLab.create({ ovs: true });
  t.teardown(() => lab.cleanup());
  const ovs = lab.ovs!;
  await ovs.addBridge('sw0');
  await ovs.addBridge('br-tun');
  const dev = `ptun${lab.tag}`.slice(0, 15);
  await ipBatch(lab.ns, [`link add ${dev} type veth peer name ${dev.slice(0, 13)}p`]);
  await ovs.addPatchPair('sw0', dev, 'br-tun', 'patch-int');
  const intact = async (when: string) => {
    t.equal(await ovs.get('interface', dev, 'type'), 'patch', `${when}: still a patch port`);
    t.equal(unquote(await ovs.get('interface', dev, 'options:peer')), 'patch-int', `${when}: peer unchanged`);
    t.equal((await ovs.vsctl(['port-to-br', dev])).stdout.trim(), 'sw0', `${when}: on its bridge`);
  };
  for (const round of [1, 2]) {
    const r = await lab.runHook(['--bridge', 'sw0', 'cp', 'net', 'up', 'veth', dev], { LXC_NAME: 'cp' });
    t.equal(r.exitCode, 1, `up #${round} fails`);
    t.match(r.stderr, new RegExp(`Open vSwitch port "${dev}" is a port of type "patch": not replacing it`), r.stderr);
    t.equal(r.stderr.split('\n').filter((l) => l.includes('error:')).length, 1, 'one error line');
    await intact(`after up #${round}`);
  }
  const d = await lab.runHook(['--bridge', 'sw0', 'cp', 'net', 'down', 'veth', dev], { LXC_NAME: 'cp' });
  t.equal(d.exitCode, 0, `down: ${d.stderr}`);
  await intact('after the down');
});

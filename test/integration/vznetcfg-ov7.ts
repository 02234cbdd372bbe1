/**
 * ctnet-vznetcfg with OpenVZ 7's command lines on a real kernel: `addif <dev> <network>` and
 * `delif <dev> ""` with VEID as a UUID and NETWORK_TYPE=bridge (the network is the bridge),
 * a libvirt network resolved by `virsh net-info` (stand-in, argv/parsing only), EXTERNAL_SCRIPT
 * with the same argv and env, twice is once, and bad env gives one clear line.
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ipBatch, ipJson, type LinkJson } from '../lab/netns.js';

const UUID = '3f2a9c1e-5b7d-4e21-9c3a-0d1e2f3a4b5c';
const DEV = 'veth3f2a9c1e.0';
const ENV = { VEID: UUID, NETWORK_TYPE: 'bridge' };

async function link(lab: VzLab, dev: string): Promise<LinkJson> {
  return (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', dev]))[0]!;
}

t.test('addif/delif on Linux bridges, twice each; EXTERNAL_SCRIPT sees the same argv and env', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24', mtu: 1450 } });
  t.teardown(() => lab.cleanup());
  await ipBatch(lab.hn, ['link add br1 type bridge', 'link set dev br1 up']);
  await lab.addCt(UUID, { pairs: [{ host: DEV, ct: 'eth0' }] });
  const rec = lab.writeLabFile('rec.sh', `#!/bin/sh\necho "$VEID|$NETWORK_TYPE|$#|$*" >> ${lab.dir}/calls\n`, 0o755);
  lab.writeVznetConf(`EXTERNAL_SCRIPT='${rec}'\n`);

  for (const round of [1, 2]) {
    const r = await lab.vznetcfg(['addif', DEV, 'br0'], ENV);
    t.equal(r.exitCode, 0, `addif br0 #${round}: ${r.stderr}`);
  }
  let v = await link(lab, DEV);
  t.equal(v.master, 'br0', 'on br0');
  t.equal(v.mtu, 1450, 'with the bridge MTU');
  t.ok(v.flags.includes('UP'), 'up');

  const moved = await lab.vznetcfg(['addif', DEV, 'br1'], ENV);
  t.equal(moved.exitCode, 0, moved.stderr);
  t.equal((await link(lab, DEV)).master, 'br1', 'addif to another network moves the port (libvzctl does delif first)');

  for (const round of [1, 2]) {
    const r = await lab.vznetcfg(['delif', DEV, ''], { VEID: UUID });
    t.equal(r.exitCode, 0, `delif #${round}: ${r.stderr}`);
  }
  v = await link(lab, DEV);
  t.equal(v.master, undefined, 'delif took it off the bridge');
  const gone = await lab.vznetcfg(['delif', 'vethgone.0', ''], { VEID: UUID });
  t.equal(gone.exitCode, 0, `delif of a veth that is already gone succeeds: ${gone.stderr}`);

  const calls = (lab.readLabFile('calls') ?? '').trim().split('\n');
  t.same(
    calls,
    [
      `${UUID}|bridge|3|addif ${DEV} br0`,
      `${UUID}|bridge|3|addif ${DEV} br0`,
      `${UUID}|bridge|3|addif ${DEV} br1`,
      `${UUID}||2|delif ${DEV}`,
      `${UUID}||2|delif ${DEV}`,
      `${UUID}||2|delif vethgone.0`,
    ],
    'EXTERNAL_SCRIPT ran after each call with the same argv (empty network dropped, as "$@" unquoted does) and env',
  );
});

t.test('addif of a virtual network: its bridge from "virsh net-info"', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt(UUID, { pairs: [{ host: DEV, ct: 'eth0' }] });
  lab.installSbin(
    'virsh',
    `#!/bin/sh
[ "$1 $2" = "net-info Bridged" ] || { echo "error: failed to get network '$2'" >&2; exit 1; }
printf 'Name:           Bridged\\nUUID:           0\\nActive:         yes\\nBridge:         br0\\n'
`,
  );
  const r = await lab.vznetcfg(['addif', DEV, 'Bridged'], { VEID: UUID });
  t.equal(r.exitCode, 0, r.stderr);
  t.equal((await link(lab, DEV)).master, 'br0', 'the bridge virsh names');
  const bad = await lab.vznetcfg(['addif', DEV, 'Nowhere'], { VEID: UUID });
  t.equal(bad.exitCode, 1, 'unknown network fails');
  t.match(
    bad.stderr,
    /cannot find the bridge of virtual network "Nowhere": virsh net-info: error: failed to get network 'Nowhere'/,
  );
});

t.test('bad argv and env: one line, non-zero', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt(UUID, { pairs: [{ host: DEV, ct: 'eth0' }] });
  const cases: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['addif without network', ['addif', DEV], ENV, /expected "addif <host_ifname> <network>"/],
    ['addif without VEID', ['addif', DEV, 'br0'], { NETWORK_TYPE: 'bridge' }, /VEID is not set/],
    ['bad NETWORK_TYPE', ['addif', DEV, 'br0'], { ...ENV, NETWORK_TYPE: 'nat' }, /NETWORK_TYPE: "nat" is not "bridge"/],
    ['bad VPORT_TYPE', ['addif', DEV, 'br0'], { ...ENV, VPORT_TYPE: 'macvtap' }, /VPORT_TYPE: "macvtap" is not "ovs"/],
    ['bad MAC', ['addif', DEV, 'br0'], { ...ENV, MAC: '00:11' }, /MAC: "00:11" is not a MAC address/],
    ['bad IFACEID', ['addif', DEV, 'br0'], { ...ENV, IFACEID: 'a b;c' }, /IFACEID: "a b;c" is not a plain id/],
    ['bad network', ['addif', DEV, 'br 0'], ENV, /network argument: "br 0" is not a valid interface name/],
    [
      'missing bridge',
      ['addif', DEV, 'br9'],
      ENV,
      /bridge "br9" \(from network br9 \(NETWORK_TYPE=bridge\)\) does not exist/,
    ],
    ['delif extra args', ['delif', DEV, 'br0', 'x'], ENV, /expected "delif <host_ifname>"/],
  ];
  for (const [what, args, env, re] of cases) {
    const r = await lab.vznetcfg(args, env);
    t.equal(r.exitCode, 1, `${what}: exit 1`);
    t.match(r.stderr, re, `${what}: says why`);
    t.equal(r.stderr.trim().split('\n').length, 1, `${what}: one line`);
  }
  t.equal((await link(lab, DEV)).master, undefined, 'nothing applied');
});

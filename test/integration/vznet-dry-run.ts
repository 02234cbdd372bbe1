/** --dry-run and CTNET_DRY_RUN=1 print the exact batches and change nothing (up and umount). */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { ipJson, type LinkJson } from '../lab/netns.js';
import { snapshot } from '../lab/vz-state.js';
import { renderGuardAdd, renderGuardRemove } from '../../lib/plan/guard/render-guard.js';

const CONF = `NETIF="ifname=eth0,host_ifname=veth104.0"
VETH_IP_ADDRESS="10.0.0.104/24 2001:db8::104/64"
CT0_IP="10.0.0.2"
VE_DEFAULT_GATEWAY="10.0.0.1"
BRIDGEDEV="br0"
`;

t.test('dry-run up and umount', async (t) => {
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24', mtu: 1400 } });
  t.teardown(() => lab.cleanup());
  await lab.addCt('104');
  lab.writeCtConf('104', CONF);
  const mac = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'br0']))[0]!.address;
  const before = await snapshot(lab, ['104']);
  const guard = renderGuardAdd({
    port: 'veth104.0',
    dhcp: false,
    macFilter: true,
    ipFilter: true,
    addresses: [
      { family: 4, address: '10.0.0.104', prefix: 24 },
      { family: 6, address: '2001:db8::104', prefix: 64 },
    ],
  })
    .trimEnd()
    .split('\n');
  const want = [
    '# CT 104: up veth104.0 (eth0 in the CT)',
    '# note: the container MAC of veth104.0 is not configured: its source MAC is not filtered (set it to filter it)',
    '# anti-spoofing filter on veth104.0',
    "nft -f - <<'EOF'",
    ...guard,
    'EOF',
    '# host side of veth104.0',
    "ip -batch - <<'EOF'",
    `link set dev br0 address ${mac}`,
    'link set dev veth104.0 mtu 1400 master br0 up',
    'route replace 10.0.0.104/32 dev br0 proto 213',
    'route replace 2001:db8::104/128 dev br0 proto 213',
    'EOF',
    '# eth0 inside CT 104',
    "/usr/sbin/vzctl exec 104 ip -batch - <<'EOF'",
    'link set dev eth0 up',
    'addr replace 10.0.0.104/24 dev eth0',
    'addr replace 2001:db8::104/64 dev eth0 nodad',
    'route replace 10.0.0.2/32 dev eth0',
    'route replace default via 10.0.0.1 dev eth0',
    'EOF',
    '',
  ].join('\n');

  const flag = await lab.vznet('104', 'veth104.0', [], {}, ['--dry-run']);
  t.equal(flag.exitCode, 0, flag.stderr);
  t.equal(flag.stdout, want, '--dry-run prints the exact batches');
  const env = await lab.vznet('104', 'veth104.0', [], { CTNET_DRY_RUN: '1' });
  t.equal(env.exitCode, 0, env.stderr);
  t.equal(env.stdout, want, 'CTNET_DRY_RUN=1 prints the same');
  t.same(await snapshot(lab, ['104']), before, 'nothing changed on the node or in the CT');
  t.equal(lab.record('104'), undefined, 'no record written');

  const up = await lab.vznet('104', 'veth104.0');
  t.equal(up.exitCode, 0, up.stderr);
  const applied = await snapshot(lab, ['104']);
  t.notSame(applied, before, 'the real run did change state (so the snapshot can see a change)');
  const down = await lab.umount('104', { CTNET_DRY_RUN: '1' });
  t.equal(down.exitCode, 0, down.stderr);
  t.equal(
    down.stdout,
    [
      '# CT 104: down (umount)',
      '# routes to the CT via br0',
      "ip -force -batch - <<'EOF'",
      'route del 10.0.0.104/32 dev br0 proto 213',
      'route del 2001:db8::104/128 dev br0 proto 213',
      'EOF',
      '# remove the anti-spoofing filter of veth104.0',
      "nft -f - <<'EOF'",
      ...renderGuardRemove('veth104.0').trimEnd().split('\n'),
      'EOF',
      '',
    ].join('\n'),
    'umount dry-run prints the routes and the filter chain it would remove',
  );
  t.same(await snapshot(lab, ['104']), applied, 'umount dry-run changed nothing');
  t.ok(lab.record('104'), 'the record is kept');
});

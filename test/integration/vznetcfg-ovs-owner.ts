/**
 * Open vSwitch ports ctnet does not own are never replaced or removed (issue 15, point 5), on
 * real userspace OVS. Up (ctnet-vznet, vznetcfg addif): a port of the veth's name that another
 * container owns, or that has no owner (an admin's `patch-tun` patch port), is refused with one
 * clear line, and the port is still there with its settings, also after the failed up rolled
 * back. OpenVZ 7 delif without VPORT_TYPE removes the port ctnet made for this CT, and only it.
 */
import t, { type Test } from 'tap';
import type { OvsLab } from '../lab/ovs.js';
import { ipJson, type RouteJson } from '../lab/netns.js';
import { vzLabWithOvs } from '../lab/vz-ovs-lab.js';

const UUID = '5eed0015-aaaa-4bbb-8ccc-0123456789ab';
const DEV = 'veth5eed0015.0';
const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1');

const conf = (host: string) => `NETIF="ifname=eth0,host_ifname=${host}"
VETH_IP_ADDRESS="10.0.9.7/24"
BRIDGEDEV="sw0"
`;

/** An admin's patch port (no ctnet owner) named `name` on sw0, peered with br-tun's patch-int. */
async function adminPatchPort(ovs: OvsLab, name: string): Promise<void> {
  await ovs.addBridge('br-tun');
  await ovs.addPatchPair('sw0', name, 'br-tun', 'patch-int');
}

async function patchIntact(t: Test, ovs: OvsLab, name: string): Promise<void> {
  t.ok(await ovs.portExists(name), `port ${name} is still there`);
  t.equal(await ovs.get('interface', name, 'type'), 'patch', 'still a patch port');
  t.equal(unquote(await ovs.get('interface', name, 'options:peer')), 'patch-int', 'its peer unchanged');
  t.same((await ovs.vsctl(['port-to-br', name])).stdout.trim(), 'sw0', 'on its bridge');
}

t.test(
  'ctnet-vznet: an admin patch port named like the veth (host_ifname=patch-tun) is refused, nothing deleted',
  async (t) => {
    const { lab, ovs } = await vzLabWithOvs(t);
    await lab.addCt('107', { pairs: [{ host: 'patch-tun', ct: 'eth0' }] });
    lab.writeCtConf('107', conf('patch-tun'));
    await adminPatchPort(ovs, 'patch-tun');
    for (const round of [1, 2]) {
      const r = await lab.vznet('107', 'patch-tun', [], ovs.env);
      t.equal(r.exitCode, 1, `up #${round} fails`);
      t.match(r.stderr, /Open vSwitch port "patch-tun" is a port of type "patch": not replacing it/, r.stderr);
      t.equal(r.stderr.split('\n').filter((l) => l.includes('error:')).length, 1, 'one error line');
      await patchIntact(t, ovs, 'patch-tun');
    }
    t.same(
      await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']),
      [],
      'no route left by the rolled-back up',
    );
    t.equal(lab.record('107'), undefined, 'no teardown record that could remove the port later');
    const u = await lab.umount('107', ovs.env);
    t.equal(u.exitCode, 0, `umount after the failed up: ${u.stderr}`);
    await patchIntact(t, ovs, 'patch-tun');
  },
);

t.test(
  "ctnet-vznet: another CT's port or an unowned plain port of the name is refused and kept; its own is replaced",
  async (t) => {
    const { lab, ovs } = await vzLabWithOvs(t);
    await lab.addCt('108', { pairs: [{ host: 'veth108.0', ct: 'eth0' }] });
    lab.writeCtConf('108', conf('veth108.0'));
    for (const [owner, why] of [
      ['vz:999', /Open vSwitch port "veth108\.0" belongs to "vz:999": not replacing it/],
      [
        '',
        /Open vSwitch port "veth108\.0" has no ctnet owner \(an admin's port, or a stale record\): not replacing it/,
      ],
    ] as const) {
      await ovs.vsctl([
        '--if-exists',
        'del-port',
        'veth108.0',
        '--',
        'add-port',
        'sw0',
        'veth108.0',
        'tag=42',
        ...(owner ? [`external_ids:ctnet-owner="${owner}"`] : []),
      ]);
      const r = await lab.vznet('108', 'veth108.0', [], ovs.env);
      t.equal(r.exitCode, 1, `owner "${owner}": up fails`);
      t.match(r.stderr, why, r.stderr);
      t.equal(await ovs.get('port', 'veth108.0', 'tag'), '42', 'the port keeps its settings');
      t.equal(
        unquote(await ovs.get('port', 'veth108.0', 'external_ids:ctnet-owner').catch(() => '')),
        owner,
        'and its owner',
      );
    }
    await ovs.vsctl(['set', 'port', 'veth108.0', 'external_ids:ctnet-owner="vz:108"']);
    const ok = await lab.vznet('108', 'veth108.0', [], ovs.env);
    t.equal(ok.exitCode, 0, `its own port is replaced: ${ok.stderr}`);
    t.equal(await ovs.get('port', 'veth108.0', 'tag'), '[]', "with this up's settings");
  },
);

t.test(
  "OpenVZ 7 addif refuses a patch port of the name; delif without VPORT_TYPE removes only the CT's own port",
  async (t) => {
    const { lab, ovs } = await vzLabWithOvs(t);
    await lab.addCt(UUID, { pairs: [{ host: DEV, ct: 'eth0' }] });
    const addEnv = { VEID: UUID, NETWORK_TYPE: 'bridge', VPORT_TYPE: 'ovs', ...ovs.env };

    await adminPatchPort(ovs, DEV);
    const refused = await lab.vznetcfg(['addif', DEV, 'sw0'], addEnv);
    t.equal(refused.exitCode, 1, 'addif over an admin patch port fails');
    t.match(
      refused.stderr,
      new RegExp(`Open vSwitch port "${DEV.replace(/\./g, '\\.')}" is a port of type "patch": not replacing it`),
      refused.stderr,
    );
    // libvzctl calls delif after a failed addif, without VPORT_TYPE when NETIF has no vport=ovs.
    const cleanup = await lab.vznetcfg(['delif', DEV, ''], { VEID: UUID, ...ovs.env });
    t.equal(cleanup.exitCode, 0, `delif: ${cleanup.stderr}`);
    await patchIntact(t, ovs, DEV);
    await ovs.vsctl(['del-port', DEV, '--', 'del-br', 'br-tun']);

    const added = await lab.vznetcfg(['addif', DEV, 'sw0'], addEnv);
    t.equal(added.exitCode, 0, `addif: ${added.stderr}`);
    t.equal(unquote(await ovs.get('port', DEV, 'external_ids:ctnet-owner')), `vz:${UUID}`, 'owned by the CT');
    await lab.stopCt(UUID);
    for (const round of [1, 2]) {
      const r = await lab.vznetcfg(['delif', DEV, ''], { VEID: UUID, ...ovs.env });
      t.equal(r.exitCode, 0, `delif without VPORT_TYPE #${round}: ${r.stderr}`);
    }
    t.equal(await ovs.portExists(DEV), false, "the CT's own port is removed although the veth is gone");

    await ovs.vsctl(['add-port', 'sw0', DEV, 'external_ids:ctnet-owner="vz:other"']);
    const other = await lab.vznetcfg(['delif', DEV, ''], { VEID: UUID, ...ovs.env });
    t.equal(other.exitCode, 0, `delif with another owner's port: ${other.stderr}`);
    t.ok(await ovs.portExists(DEV), "another owner's port of that name stays");
  },
);

t.test('delif without VPORT_TYPE on a host without Open vSwitch: nothing asked, nothing fails', async (t) => {
  const { lab, ovs } = await vzLabWithOvs(t);
  const r = await lab.vznetcfg(['delif', 'vethnone.0', ''], {
    VEID: UUID,
    OVS_RUNDIR: `${ovs.env['OVS_RUNDIR']}/absent`,
  });
  t.equal(r.exitCode, 0, `delif: ${r.stderr}`);
  t.notMatch(r.stderr, /warning/, 'no warning');
});

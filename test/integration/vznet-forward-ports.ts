/**
 * CTNET_FORWARD may take only the host ports the admin allows, and never one a host service
 * holds (issue 15, point 4): "tcp:22:22" took the host's SSH port. The hook runs in the lab's
 * node netns, where the test starts its own listeners; host.conf is the lab's /etc/ctnet/host.conf.
 * A refused up fails with file:line: KEY, the port and the reason, and applies nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { listenIn } from '../lab/listener.js';
import { ipJson, sh, type LinkJson } from '../lab/netns.js';
import { VzLab } from '../lab/vz-lab.js';

const conf = (
  forward: string,
) => `NETIF="ifname=eth0,mac=00:18:51:aa:bb:01,host_ifname=veth101.0,host_mac=00:18:51:aa:bb:02"
VETH_IP_ADDRESS="10.0.0.101/24"
BRIDGEDEV="br0"
CTNET_FORWARD="${forward}"
`;

function writeHostConf(vz: VzLab, text: string): void {
  const dir = path.join(vz.dir, 'etc-upper', 'ctnet');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'host.conf'), text, { mode: 0o644 });
}

async function nothingApplied(t: Test, vz: VzLab): Promise<void> {
  const [veth] = await ipJson<LinkJson[]>(vz.hn, ['link', 'show', 'veth101.0']);
  t.equal(veth?.master, undefined, 'the veth was not attached to br0');
  t.notMatch(
    (await sh('ip', ['netns', 'exec', vz.hn, 'nft', 'list', 'ruleset'])).stdout,
    /table inet ctnet/,
    'no NAT table',
  );
  t.equal(vz.record('101'), undefined, 'no teardown record');
}

async function upWith(t: Test, forward: string): Promise<VzLab> {
  const vz = await VzLab.create();
  t.teardown(() => vz.cleanup());
  await vz.addCt('101');
  vz.writeCtConf('101', conf(forward));
  return vz;
}

t.test('tcp:22:22 without an allow-list: below 1024, refused', async (t) => {
  const vz = await upWith(t, 'tcp:22:22');
  const r = await vz.vznet('101', 'veth101.0');
  t.equal(r.exitCode, 1, 'up fails');
  t.match(
    r.stderr,
    /\/etc\/vz\/conf\/101\.conf:4: CTNET_FORWARD: tcp:22:22: host port 22 is below 1024 and \/etc\/ctnet\/host\.conf allows no other \(\[isolation\] forward-ports\)/,
    r.stderr,
  );
  t.equal(
    r.stderr
      .trim()
      .split('\n')
      .filter((l) => /CTNET_FORWARD/.test(l)).length,
    1,
    'one line names it',
  );
  await nothingApplied(t, vz);
});

t.test('forward-ports = 22 allows port 22 when no host socket holds it', async (t) => {
  const vz = await upWith(t, 'tcp:22:22 udp:8053:53');
  writeHostConf(vz, '[isolation]\nforward-ports = 22, 8000-8999\n');
  const r = await vz.vznet('101', 'veth101.0');
  t.equal(r.exitCode, 0, `up: ${r.stderr}`);
  const rules = (await sh('ip', ['netns', 'exec', vz.hn, 'nft', 'list', 'table', 'inet', 'ctnet'])).stdout;
  t.match(rules, /tcp dport 22 dnat ip to 10\.0\.0\.101:22/, 'the allowed forward is in place');
  t.equal((await vz.umount('101')).exitCode, 0, 'umount');
});

t.test('an allowed port a host socket listens on is refused (TCP, IPv6 dual-stack like sshd)', async (t) => {
  const vz = await upWith(t, 'tcp:22:22');
  writeHostConf(vz, '[isolation]\nforward-ports = 22\n');
  await listenIn(t, vz.hn, { proto: 'tcp', port: 22, family: 6 });
  const r = await vz.vznet('101', 'veth101.0');
  t.equal(r.exitCode, 1, 'up fails');
  t.match(
    r.stderr,
    /101\.conf:4: CTNET_FORWARD: tcp:22:22: host port 22 is in use, a host socket listens on tcp port 22/,
    r.stderr,
  );
  await nothingApplied(t, vz);
});

t.test('ports >= 1024 held by host sockets are refused too: TCP IPv4, UDP', async (t) => {
  for (const [spec, listen, why] of [
    [
      'tcp:8025:80',
      { proto: 'tcp', port: 8025 },
      /tcp:8025:80: host port 8025 is in use, a host socket listens on tcp port 8025/,
    ],
    [
      'udp:5353:53',
      { proto: 'udp', port: 5353, family: 6 },
      /udp:5353:53: host port 5353 is in use, a host socket is bound to udp port 5353/,
    ],
  ] as const) {
    await t.test(spec, async (t) => {
      const vz = await upWith(t, `tcp:8080:80 ${spec}`);
      await listenIn(t, vz.hn, listen);
      const r = await vz.vznet('101', 'veth101.0');
      t.equal(r.exitCode, 1, 'up fails');
      t.match(r.stderr, why, r.stderr);
      await nothingApplied(t, vz);
    });
  }
});

t.test(
  'a port outside the list is refused even when >= 1024; a listener on another protocol does not count',
  async (t) => {
    const vz = await upWith(t, 'tcp:9000:80');
    writeHostConf(vz, '[isolation]\nforward-ports = 22, 8000-8999\n');
    const r = await vz.vznet('101', 'veth101.0');
    t.equal(r.exitCode, 1, 'up fails');
    t.match(
      r.stderr,
      /CTNET_FORWARD: tcp:9000:80: host port 9000 is not in \[isolation\] forward-ports of \/etc\/ctnet\/host\.conf \(22, 8000-8999\)/,
      r.stderr,
    );
    await nothingApplied(t, vz);

    vz.writeCtConf('101', conf('tcp:8053:53'));
    await listenIn(t, vz.hn, { proto: 'udp', port: 8053 });
    const ok = await vz.vznet('101', 'veth101.0');
    t.equal(ok.exitCode, 0, `tcp 8053 is free while only udp 8053 is bound: ${ok.stderr}`);
    t.equal((await vz.umount('101')).exitCode, 0, 'umount');
  },
);

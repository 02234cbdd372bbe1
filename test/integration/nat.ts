/**
 * NAT on a real kernel (seed 003): an OpenVZ CT with CTNET_FORWARD gets its port forward when
 * ctnet-vznet brings it up (a client namespace fetches a page from the CT's httpd through the
 * host port) and loses it at ctnet-umount; masquerade proven with traffic; 20 forwards added
 * concurrently; ctnet's table is the only one touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { HostLab } from '../lab/host-lab.js';
import { addClient, fetchHello as fetch } from '../lab/nat-client.js';
import { ipBatch, ping, sh } from '../lab/netns.js';
import { VzLab } from '../lab/vz-lab.js';

const CONF = `NETIF="ifname=eth0,mac=00:18:51:aa:bb:01,host_ifname=veth101.0,host_mac=00:18:51:aa:bb:02"
VETH_IP_ADDRESS="10.0.0.101/24"
VE_DEFAULT_GATEWAY="10.0.0.2"
BRIDGEDEV="br0"
CTNET_FORWARD="tcp:8025:80 udp:5353:53"
`;

function startHttpd(t: { teardown: (fn: () => void) => void }, ns: string, dir: string): void {
  fs.writeFileSync(path.join(dir, 'hello.txt'), 'hello from the container\n');
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, 'busybox', 'httpd', '-f', '-p', '80', '-h', dir], {
    stdio: 'ignore',
  });
  t.teardown(() => {
    child.kill('SIGKILL');
  });
}

async function nftRules(ns: string): Promise<string> {
  return (await sh('ip', ['netns', 'exec', ns, 'nft', 'list', 'ruleset'])).stdout;
}

t.test('CTNET_FORWARD: the forward comes up with the CT and goes with umount', async (t) => {
  const vz = await VzLab.create();
  t.teardown(() => vz.cleanup());
  const host = new HostLab();
  t.teardown(() => host.cleanup());
  const ctNs = await vz.addCt('101');
  vz.writeCtConf('101', CONF);
  const cl = await addClient(host, vz.hn);
  await sh('ip', ['netns', 'exec', vz.hn, 'nft', '-f', '-'], {
    input: 'table ip foreign {\n chain pre { type nat hook prerouting priority -100; }\n}\n',
  });
  startHttpd(t, ctNs, host.dir);

  t.equal(await fetch(cl, '203.0.113.1', 8025), undefined, 'no forward before the CT is up');
  for (const round of [1, 2]) {
    const r = await vz.vznet('101', 'veth101.0');
    t.equal(r.exitCode, 0, `up #${round}: ${r.stderr}`);
  }
  const rules = await nftRules(vz.hn);
  t.equal(
    rules.match(/tcp dport 8025 dnat ip to 10\.0\.0\.101:80/g)?.length,
    2,
    'one tcp forward rule in prerouting and one in output (not doubled by the second up)',
  );
  t.match(rules, /udp dport 5353 dnat ip to 10\.0\.0\.101:53/, 'udp forward');
  t.equal(
    await fetch(cl, '203.0.113.1', 8025),
    'hello from the container\n',
    'client reaches the CT service through the host port',
  );
  for (const round of [1, 2]) {
    const r = await vz.umount('101');
    t.equal(r.exitCode, 0, `umount #${round}: ${r.stderr}`);
  }
  const after = await nftRules(vz.hn);
  t.notMatch(after, /dport 8025/, 'forward rule gone after down');
  t.match(after, /table ip foreign/, 'the foreign table is untouched');
  t.equal(await fetch(cl, '203.0.113.1', 8025), undefined, 'the host port no longer reaches the CT');
});

t.test('bad CTNET_FORWARD fails the up with file:line: KEY and applies nothing', async (t) => {
  const vz = await VzLab.create();
  t.teardown(() => vz.cleanup());
  await vz.addCt('102', { pairs: [{ host: 'veth102.0', ct: 'eth0' }] });
  vz.writeCtConf('102', CONF.replace(/101/g, '102').replace('tcp:8025:80', 'tcp:8025:99999'));
  const r = await vz.vznet('102', 'veth102.0');
  t.equal(r.exitCode, 1, 'up fails');
  t.match(r.stderr, /102\.conf:5: CTNET_FORWARD: "tcp:8025:99999": port 99999 is not 1-65535/, r.stderr);
  t.notMatch(await nftRules(vz.hn), /table inet ctnet/, 'no NAT table created');
});

t.test('masquerade with traffic; 20 concurrent forwards; flush leaves other tables', async (t) => {
  const lab = new HostLab();
  t.teardown(() => lab.cleanup());
  const hn = await lab.ns('hn');
  const ct = await lab.ns('ct');
  await ipBatch(hn, [
    `link add lxcbr0 type bridge`,
    'addr add 10.0.3.1/24 dev lxcbr0',
    'link set lxcbr0 up',
    `link add vethc type veth peer name eth0 netns ${ct}`,
    'link set vethc master lxcbr0',
    'link set vethc up',
  ]);
  await ipBatch(ct, ['addr add 10.0.3.5/24 dev eth0', 'link set eth0 up', 'route add default via 10.0.3.1']);
  const cl = await addClient(lab, hn);
  await sh('ip', ['netns', 'exec', hn, 'nft', '-f', '-'], {
    input:
      'table ip foreign {\n chain post { type nat hook postrouting priority 100; ip saddr 192.0.2.0/24 masquerade; }\n}\n',
  });

  t.notOk(await ping(ct, '203.0.113.2', 1), 'without masquerade the client cannot answer the CT network');
  for (const round of [1, 2]) {
    const r = await lab.ctnet(hn, ['nat', 'masquerade', 'add', '10.0.3.0/24']);
    t.equal(r.exitCode, 0, `masquerade add #${round}: ${r.stderr}`);
  }
  t.equal(
    (await nftRules(hn)).match(/ip saddr 10\.0\.3\.0\/24 ip daddr != 10\.0\.3\.0\/24 masquerade/g)?.length,
    1,
    'one masquerade rule',
  );
  t.ok(await ping(ct, '203.0.113.2'), 'with masquerade the CT reaches the client');

  const adds = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      lab.ctnet(hn, [
        'nat',
        'forward',
        'add',
        '--quiet',
        '--owner',
        `ct-${i}`,
        '--to',
        `10.0.3.${10 + i}`,
        `tcp:${9000 + i}:80`,
      ]),
    ),
  );
  t.same(
    adds.map((r) => r.exitCode),
    Array(20).fill(0),
    `20 concurrent adds succeed ${adds.map((r) => r.stderr).join('')}`,
  );
  const rules = await nftRules(hn);
  for (let i = 0; i < 20; i++)
    t.equal(
      rules.match(new RegExp(`tcp dport ${9000 + i} dnat ip to 10\\.0\\.3\\.${10 + i}:80`, 'g'))?.length,
      2,
      `forward ${i} present once per chain`,
    );
  const show = await lab.ctnet(hn, ['nat', 'show']);
  t.equal(show.stdout.match(/^\[ct-\d+\]$/gm)?.length, 20, 'state lists 20 owners');
  const dup = await lab.ctnet(hn, ['nat', 'forward', 'add', '--owner', 'other', '--to', '10.0.3.99', 'tcp:9000:80']);
  t.equal(dup.exitCode, 1, 'a host port held by another owner is refused');
  t.match(dup.stderr, /ct-0 already has "forward tcp 9000 -> 10\.0\.3\.10:80"/);

  const rms = await Promise.all(
    Array.from({ length: 20 }, (_, i) => lab.ctnet(hn, ['nat', 'forward', 'remove', '--quiet', '--owner', `ct-${i}`])),
  );
  t.same(
    rms.map((r) => r.exitCode),
    Array(20).fill(0),
    'concurrent removes succeed',
  );
  t.notMatch(await nftRules(hn), /dport 90\d\d/, 'all forwards gone');
  for (const round of [1, 2]) t.equal((await lab.ctnet(hn, ['nat', 'flush'])).exitCode, 0, `flush #${round}`);
  const left = await nftRules(hn);
  t.notMatch(left, /table inet ctnet/, 'ctnet table gone');
  t.match(left, /ip saddr 192\.0\.2\.0\/24 masquerade/, 'foreign table and rule survive');
  t.notOk(await ping(ct, '203.0.113.2', 1), 'masquerade gone with the table');
  t.ok(cl, 'client namespace used');
});

t.test(
  'concurrent CT starts with CTNET_FORWARD: every forward present once; concurrent stops remove all',
  async (t) => {
    const vz = await VzLab.create();
    t.teardown(() => vz.cleanup());
    const ids = ['201', '202', '203', '204', '205', '206'];
    for (const id of ids) {
      await vz.addCt(id, { pairs: [{ host: `veth${id}.0`, ct: 'eth0' }] });
      vz.writeCtConf(id, CONF.replace(/101/g, id).replace('tcp:8025:80 udp:5353:53', `tcp:8${id}:80`));
    }
    const ups = await Promise.all(ids.map((id) => vz.vznet(id, `veth${id}.0`)));
    t.same(
      ups.map((r) => r.exitCode),
      ids.map(() => 0),
      `all ups succeed: ${ups
        .filter((r) => r.exitCode)
        .map((r) => r.stderr)
        .join('')}`,
    );
    const rules = await nftRules(vz.hn);
    for (const id of ids) {
      t.equal(
        rules.match(new RegExp(`tcp dport 8${id} dnat ip to 10\\.0\\.0\\.${id}:80`, 'g'))?.length,
        2,
        `CT ${id}: its forward once per chain`,
      );
    }
    const downs = await Promise.all(ids.map((id) => vz.umount(id)));
    t.same(
      downs.map((r) => r.exitCode),
      ids.map(() => 0),
      'all downs succeed',
    );
    t.notMatch(await nftRules(vz.hn), /dport 82\d\d/, 'no forward left');
  },
);

/**
 * ctnet-lxc --forward with a real LXC container: the host port reaches the container's httpd
 * while it runs (a client namespace fetches a page through it) and is gone after lxc-stop.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { HostLab } from '../lab/host-lab.js';
import { LxcLab } from '../lab/lxc-lab.js';
import { addClient, fetchHello } from '../lab/nat-client.js';
import { ipBatch, sh } from '../lab/netns.js';

t.test('--forward tcp:8025:80 follows the container up and down', async (t) => {
  const lab = await LxcLab.create();
  t.teardown(() => lab.cleanup());
  const host = new HostLab();
  t.teardown(() => host.cleanup());
  await ipBatch(lab.ns, ['link add br0 type bridge', 'addr add 10.0.30.1/24 dev br0', 'link set br0 up']);
  const cl = await addClient(host, lab.ns);
  const opts = '--bridge br0 --forward tcp:8025:80 --forward udp:5353:53';
  const ct = await lab.container(
    'fw',
    lab.vethNet(opts, ['lxc.net.0.ipv4.address = 10.0.30.5/24', 'lxc.net.0.ipv4.gateway = 10.0.30.1']),
  );
  fs.writeFileSync(path.join(ct.dir, 'rootfs', 'hello.txt'), 'hello from the container\n');

  t.equal(await fetchHello(cl, '203.0.113.1', 8025), undefined, 'no forward before the container starts');
  const start = await ct.start();
  t.equal(start.exitCode, 0, `lxc-start: ${start.stderr}`);
  const httpd = await ct.attach(['busybox', 'httpd', '-p', '80', '-h', '/']);
  t.equal(httpd.exitCode, 0, `httpd started in the container: ${httpd.stderr}`);
  const rules = (await sh('ip', ['netns', 'exec', lab.ns, 'nft', 'list', 'table', 'inet', 'ctnet'])).stdout;
  t.match(rules, /tcp dport 8025 dnat ip to 10\.0\.30\.5:80/, "tcp forward in ctnet's table");
  t.match(rules, /udp dport 5353 dnat ip to 10\.0\.30\.5:53/, "udp forward in ctnet's table");
  t.equal(
    await fetchHello(cl, '203.0.113.1', 8025),
    'hello from the container\n',
    'client reaches the container through the host port',
  );

  const stop = await ct.stop();
  t.equal(stop.exitCode, 0, `lxc-stop: ${stop.stderr}`);
  const after = await sh('ip', ['netns', 'exec', lab.ns, 'nft', 'list', 'ruleset']);
  t.notMatch(after.stdout, /dport (8025|5353)/, 'forwards removed by script.down');
  t.equal(await fetchHello(cl, '203.0.113.1', 8025), undefined, 'the host port no longer reaches the container');
});

t.test('--forward without a static address is refused before anything is applied', async (t) => {
  const lab = await LxcLab.create();
  t.teardown(() => lab.cleanup());
  await ipBatch(lab.ns, [
    'link add br0 type bridge',
    'link set br0 up',
    'link add vfw0 type veth peer name vfw1',
    'link set vfw0 master br0',
  ]);
  const cfg = path.join(lab.dir, 'config');
  fs.writeFileSync(cfg, 'lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.veth.pair = vfw0\n');
  const r = await lab.runHook(['--forward', 'tcp:8025:80', 'c9', 'net', 'up', 'veth', 'br0', 'vfw0'], {
    LXC_NAME: 'c9',
    LXC_CONFIG_FILE: cfg,
    LXC_HOOK_VERSION: '0',
  });
  t.equal(r.exitCode, 1, 'up fails');
  t.match(r.stderr, /--forward needs the container's address/, r.stderr);
  const nft = await sh('ip', ['netns', 'exec', lab.ns, 'nft', 'list', 'ruleset']);
  t.notMatch(nft.stdout, /table inet ctnet/, 'no NAT table created');
});

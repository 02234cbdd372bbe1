/**
 * ctnet-lxc --forward takes only host ports the admin allows and no host service holds
 * (issue 15, point 4). The hook runs as LXC runs script.up, inside the lab netns where the
 * test starts its own listener; --etc points it at the lab's host.conf. A refusal applies nothing.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { listenIn } from '../lab/listener.js';
import { LxcLab } from '../lab/lxc-lab.js';
import { ipBatch, sh } from '../lab/netns.js';

async function lab(
  t: Test,
  hostConf?: string,
): Promise<{ lab: LxcLab; up: (forward: string) => ReturnType<LxcLab['runHook']> }> {
  const lab = await LxcLab.create();
  t.teardown(() => lab.cleanup());
  await ipBatch(lab.ns, [
    'link add br0 type bridge',
    'link set br0 up',
    'link add vfp0 type veth peer name vfp1',
    'link set vfp0 master br0',
  ]);
  const cfg = path.join(lab.dir, 'config');
  fs.writeFileSync(
    cfg,
    'lxc.net.0.type = veth\nlxc.net.0.link = br0\nlxc.net.0.veth.pair = vfp0\nlxc.net.0.ipv4.address = 10.0.31.5/24\n',
  );
  const etc = path.join(lab.dir, 'etc');
  fs.mkdirSync(path.join(etc, 'ctnet'), { recursive: true });
  if (hostConf) fs.writeFileSync(path.join(etc, 'ctnet', 'host.conf'), hostConf, { mode: 0o644 });
  const up = (forward: string) =>
    lab.runHook(['--etc-dir', etc, '--forward', forward, 'c9', 'net', 'up', 'veth', 'br0', 'vfp0'], {
      LXC_NAME: 'c9',
      LXC_CONFIG_FILE: cfg,
      LXC_HOOK_VERSION: '0',
    });
  return { lab, up };
}

async function nothingApplied(t: Test, lab: LxcLab): Promise<void> {
  t.notMatch(
    (await sh('ip', ['netns', 'exec', lab.ns, 'nft', 'list', 'ruleset'])).stdout,
    /table inet ctnet/,
    'no NAT table',
  );
  t.notOk(fs.existsSync(path.join(lab.runDir, 'ct', 'lxc-c9.json')), 'no teardown record');
}

t.test('--forward tcp:22:22 without an allow-list is refused', async (t) => {
  const { lab: l, up } = await lab(t);
  const r = await up('tcp:22:22');
  t.equal(r.exitCode, 1, 'up fails');
  t.match(
    r.stderr,
    /container c9: --forward tcp:22:22: host port 22 is below 1024 and \/.*\/etc\/ctnet\/host\.conf allows no other/,
    r.stderr,
  );
  await nothingApplied(t, l);
});

t.test('forward-ports = 22 allows it; a host socket on the port refuses it', async (t) => {
  const { lab: l, up } = await lab(t, '[isolation]\nforward-ports = 22\n');
  const ok = await up('tcp:22:22');
  t.equal(ok.exitCode, 0, `allowed: ${ok.stderr}`);
  t.match(
    (await sh('ip', ['netns', 'exec', l.ns, 'nft', 'list', 'table', 'inet', 'ctnet'])).stdout,
    /tcp dport 22 dnat ip to 10\.0\.31\.5:22/,
    'the forward is in place',
  );
  const down = await l.runHook(['c9', 'net', 'down', 'veth', 'br0', 'vfp0'], {
    LXC_NAME: 'c9',
    LXC_CONFIG_FILE: path.join(l.dir, 'config'),
    LXC_HOOK_VERSION: '0',
  });
  t.equal(down.exitCode, 0, `down: ${down.stderr}`);

  await listenIn(t, l.ns, { proto: 'tcp', port: 22, family: 6 });
  const r = await up('tcp:22:22');
  t.equal(r.exitCode, 1, 'up fails while a host socket listens');
  t.match(
    r.stderr,
    /container c9: --forward tcp:22:22: host port 22 is in use, a host socket listens on tcp port 22/,
    r.stderr,
  );
  t.notMatch(
    (await sh('ip', ['netns', 'exec', l.ns, 'nft', 'list', 'ruleset'])).stdout,
    /dport 22/,
    'no forward of port 22',
  );
});

t.test('a port outside the list is refused', async (t) => {
  const { lab: l, up } = await lab(t, '[isolation]\nforward-ports = 8000-8999\n');
  const r = await up('udp:9053:53');
  t.equal(r.exitCode, 1, 'up fails');
  t.match(
    r.stderr,
    /--forward udp:9053:53: host port 9053 is not in \[isolation\] forward-ports of .*host\.conf \(8000-8999\)/,
    r.stderr,
  );
  await nothingApplied(t, l);
});

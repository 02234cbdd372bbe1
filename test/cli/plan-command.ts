// not-unit: needs root and the built CLI (ip netns lab)
/**
 * The BUILT `ctnet plan` in the lab: OpenVZ CT (running and stopped) and an LXC container
 * config with ctnet-lxc options on its script line; the plan names the exact commands and
 * changes nothing in the kernel.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { sh, ipJson, type LinkJson } from '../lab/netns.js';
import { VzLab } from '../lab/vz-lab.js';

import { CTNET } from '../lab/executables.js';

t.test('OpenVZ: plan of a running and a stopped CT, nothing applied', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('101');
  for (const id of ['101', '102'])
    lab.writeCtConf(
      id,
      `NETIF="ifname=eth0,host_ifname=veth${id}.0"\nVETH_IP_ADDRESS="10.0.0.${id}/24"\nBRIDGEDEV="br0"\n`,
    );
  const r = await lab.runHook(CTNET, ['plan', '101'], {});
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, /# CT 101: up veth101\.0 \(eth0 in the CT\)/);
  t.match(r.stdout, /link set dev veth101\.0 mtu 1500 master br0 up/, 'attach line');
  t.match(r.stdout, /route replace 10\.0\.0\.101\/32 dev br0 proto 213/, 'host route line');
  t.match(
    r.stdout,
    /vzctl exec 101 ip -batch - <<'EOF'\nlink set dev eth0 up\naddr replace 10\.0\.0\.101\/24 dev eth0/,
    'CT side',
  );
  t.match(r.stdout, /# CT 101: down \(umount\)[\s\S]*route del 10\.0\.0\.101\/32 dev br0 proto 213/, 'down plan');
  t.match(
    r.stdout,
    /# anti-spoofing filter on veth101\.0\nnft -f - <<'EOF'\nadd table netdev ctnet-guard\n[\s\S]*add rule netdev ctnet-guard p-veth101\.0 ether type ip ip saddr 10\.0\.0\.101 accept comment "ipv4 own"/,
    'the filter rules',
  );
  t.match(
    r.stdout,
    /# remove the anti-spoofing filter of veth101\.0\nnft -f - <<'EOF'[\s\S]*delete chain netdev ctnet-guard p-veth101\.0/,
    'the down removes it',
  );
  t.equal(
    (await sh('ip', ['netns', 'exec', lab.hn, 'nft', 'list', 'tables'])).stdout.includes('ctnet-guard'),
    false,
    'no filter written',
  );
  t.same(await ipJson(lab.hn, ['route', 'show', 'proto', '213']), [], 'no route added');
  t.notOk((await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth101.0']))[0]!.master, 'veth not attached');
  const s = await lab.runHook(CTNET, ['plan', '102'], {});
  t.equal(s.exitCode, 0, s.stderr);
  t.match(s.stdout, /# CT 102: up veth102\.0: the host veth does not exist \(CT not running\)/);
});

t.test('OpenVZ: --etc names the host.conf the plan reads (here: the filter off node-wide)', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('101');
  lab.writeCtConf(
    '101',
    'NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="10.0.0.101/24"\nBRIDGEDEV="br0"\n',
  );
  const etc = path.join(lab.dir, 'other-etc');
  fs.mkdirSync(path.join(etc, 'ctnet'), { recursive: true, mode: 0o755 });
  fs.writeFileSync(path.join(etc, 'ctnet', 'host.conf'), '[isolation]\nfilter = off\n', { mode: 0o644 });
  const plain = await lab.runHook(CTNET, ['plan', '101'], {});
  t.equal(plain.exitCode, 0, plain.stderr);
  t.match(plain.stdout, /# anti-spoofing filter on veth101\.0/, 'without --etc: the filter is on (no host.conf)');
  const r = await lab.runHook(CTNET, ['plan', '101', '--etc', etc], {});
  t.equal(r.exitCode, 0, r.stderr);
  t.notMatch(r.stdout, /# anti-spoofing filter on veth101\.0/, 'with --etc: that host.conf turns the filter off');
  t.match(
    r.stdout,
    /filter on veth101\.0 is off \(\S*other-etc\/ctnet\/host\.conf:\d+: \[isolation\] filter = off\)/,
    'and the plan says where',
  );
});

t.test('LXC: plan from the container config and the options on the script line', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  const lxcPath = path.join(lab.dir, 'lxc');
  fs.mkdirSync(path.join(lxcPath, 'web1'), { recursive: true });
  fs.writeFileSync(
    path.join(lxcPath, 'web1', 'config'),
    [
      'lxc.uts.name = web1',
      'lxc.net.0.type = veth',
      'lxc.net.0.link = br0',
      'lxc.net.0.veth.pair = vethweb1',
      'lxc.net.0.flags = up',
      'lxc.net.0.script.up = /usr/libexec/ctnet/ctnet-lxc --mtu 1400',
      'lxc.net.0.script.down = /usr/libexec/ctnet/ctnet-lxc --mtu 1400',
      '',
    ].join('\n'),
  );
  const stopped = await lab.runHook(CTNET, ['plan', 'web1', '--lxc-path', lxcPath], {});
  t.equal(stopped.exitCode, 0, stopped.stderr);
  t.match(stopped.stdout, /# container web1: up \(lxc\.net\.0\): host veth vethweb1 does not exist/);
  await lab.addCt('9', { pairs: [{ host: 'vethweb1', ct: 'eth0' }] });
  const r = await lab.runHook(CTNET, ['plan', 'web1', '--lxc-path', lxcPath], {});
  t.equal(r.exitCode, 0, r.stderr);
  t.match(r.stdout, /# container web1: up veth vethweb1/);
  t.match(
    r.stdout,
    /link set dev vethweb1 mtu 1400 master br0/,
    "joins the section's link with --mtu from the script line",
  );
  t.match(r.stdout, /# container web1: down veth vethweb1/, 'down plan');
  t.notOk((await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'vethweb1']))[0]!.master, 'nothing applied');
});

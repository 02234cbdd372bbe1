/**
 * The host-wide default: /etc/ctnet/host.conf `[isolation] filter = off` leaves a CT port
 * unfiltered (the hook says why), a CT's CTNET_FILTER="on" filters it anyway, and a host.conf
 * others could write is refused before anything is applied.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { hasGuard } from '../lab/attack-frames.js';

const conf = (extra = ''): string => `NETIF="ifname=eth0,mac=02:00:00:00:01:11,host_ifname=veth111.0"
VETH_IP_ADDRESS="10.0.0.111/24"
BRIDGEDEV="br0"
${extra}`;

async function lab(t: Test, hostConf: string, mode = 0o644): Promise<VzLab> {
  const l = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24' } });
  t.teardown(() => l.cleanup());
  const dir = path.join(l.dir, 'etc-upper', 'ctnet');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'host.conf'), hostConf);
  fs.chmodSync(path.join(dir, 'host.conf'), mode);
  await l.addCt('111');
  return l;
}

t.test('[isolation] filter = off: no chain, and the hook says where that came from', async (t) => {
  const l = await lab(t, '[isolation]\nfilter = off\n');
  l.writeCtConf('111', conf());
  const r = await l.vznet('111', 'veth111.0', [], {}, ['--dry-run']);
  t.match(
    r.stdout,
    /# note: anti-spoofing filter on veth111.0 is off \(\/etc\/ctnet\/host.conf:1: \[isolation\] filter = off\)/,
  );
  const up = await l.vznet('111', 'veth111.0');
  t.equal(up.exitCode, 0, up.stderr);
  t.notOk(await hasGuard(l.hn, 'veth111.0'), 'no chain');
});

t.test('CTNET_FILTER="on" in the CT config wins over the host default', async (t) => {
  const l = await lab(t, '[isolation]\nfilter = off\n');
  l.writeCtConf('111', conf('CTNET_FILTER="on"\n'));
  const up = await l.vznet('111', 'veth111.0');
  t.equal(up.exitCode, 0, up.stderr);
  t.ok(await hasGuard(l.hn, 'veth111.0'), 'the port is filtered');
  t.equal((await l.umount('111')).exitCode, 0);
  t.notOk(await hasGuard(l.hn, 'veth111.0'), 'umount removed it');
});

t.test('a group-writable host.conf is refused; nothing applied', async (t) => {
  const l = await lab(t, '[isolation]\nfilter = off\n', 0o664);
  l.writeCtConf('111', conf());
  const up = await l.vznet('111', 'veth111.0');
  t.equal(up.exitCode, 1);
  t.match(up.stderr, /host.conf: is writable by group or others/);
  t.notOk(await hasGuard(l.hn, 'veth111.0'), 'no chain');
});

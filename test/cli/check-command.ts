// not-unit: needs root and the built CLI (ip netns lab)
/**
 * The BUILT `ctnet check` and `ctnet status` in the OpenVZ lab, against drift made on purpose:
 * a veth moved to another bridge, a veth MTU changed, a CT route deleted, and a CT stopped
 * without its umount (leftover route and record). --fix repairs all of it. With pools in
 * host.conf, a container address outside them is reported.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { ipBatch, ipJson, type LinkJson, type RouteJson } from '../lab/netns.js';
import { VzLab } from '../lab/vz-lab.js';

import { CTNET } from '../lab/executables.js';
const conf = (id: string) => `NETIF="ifname=eth0,host_ifname=veth${id}.0"
VETH_IP_ADDRESS="10.0.0.${id}/24"
BRIDGEDEV="br0"
`;

t.test('check finds each drift and leftover; --fix repairs; status shows the containers', async (t) => {
  // An MTU set by hand keeps a bridge from following its lowest port (so a port's MTU can drift).
  const lab = await VzLab.create({ bridge: { name: 'br0', address: '10.0.0.2/24', mtu: 1400 } });
  t.teardown(() => lab.cleanup());
  await ipBatch(lab.hn, ['link add br1 type bridge', 'link set br1 up']);
  for (const id of ['101', '102', '103']) {
    await lab.addCt(id);
    lab.writeCtConf(id, conf(id));
    const r = await lab.vznet(id, `veth${id}.0`);
    t.equal(r.exitCode, 0, `CT ${id} up: ${r.stderr}`);
  }
  const ctnet = (...args: string[]) => lab.runHook(CTNET, args, {});
  const clean = await ctnet('check');
  t.equal(clean.exitCode, 0, `clean lab: exit 0: ${clean.stdout}${clean.stderr}`);
  t.equal(clean.stdout, 'clean: no drift, no leftovers\n');

  await ipBatch(lab.hn, [
    'link set dev veth101.0 master br1',
    'link set dev veth102.0 mtu 1500',
    'route del 10.0.0.102/32 dev br0 proto 213',
  ]);
  await lab.stopCt('103');
  const r = await ctnet('check');
  t.equal(r.exitCode, 1, 'drift: exit 1');
  t.same(
    r.stdout.trim().split('\n').sort(),
    [
      'CT 101 veth101.0: on "br1" (want "br0")',
      'CT 102 route 10.0.0.102/32 dev br0: missing (proto 213)',
      'CT 102 veth102.0: MTU 1500, bridge "br0" has 1400',
      'CT 103 record vz-103.json (veth103.0): stale: veth103.0 is gone',
      'CT 103 route 10.0.0.103/32 dev br0: leftover: CT 103 is not running',
    ],
    'one line per finding, naming container and object',
  );
  const only = await ctnet('check', '101');
  t.same(only.stdout, 'CT 101 veth101.0: on "br1" (want "br0")\n', 'check <ctid> reports only that container');
  const js = JSON.parse((await ctnet('check', '--json')).stdout) as {
    findings: Array<{ ct: string; fix?: { kind: string } }>;
  };
  t.equal(js.findings.length, 5, '--json lists the same findings');
  t.ok(
    js.findings.every((f) => f.fix),
    'each has a fix',
  );

  const st = await ctnet('status');
  t.equal(st.exitCode, 0);
  t.match(st.stdout, /^CT\s+IFACE\s+HOST IFACE\s+BRIDGE\s+KIND\s+VLAN\s+STATE\s+ROUTED\n/, 'status header');
  t.match(st.stdout, /\n101\s+eth0\s+veth101\.0\s+br0\s+linux\s+-\s+running\s+10\.0\.0\.101\/32\n/, 'CT 101 row');
  t.match(st.stdout, /\n102\s+eth0\s+veth102\.0\s+br0\s+linux\s+-\s+running\s+-\n/, 'CT 102 row: its route is missing');
  t.match(
    st.stdout,
    /\n103\s+eth0\s+veth103\.0\s+br0\s+linux\s+-\s+stopped\s+10\.0\.0\.103\/32\n/,
    'CT 103 row: stopped, leftover route',
  );
  const sj = JSON.parse((await ctnet('status', '--json')).stdout) as Array<{ ct: string; state: string }>;
  t.same(
    sj.map((x) => [x.ct, x.state]),
    [
      ['101', 'running'],
      ['102', 'running'],
      ['103', 'stopped'],
    ],
    'status --json',
  );

  const fix = await ctnet('check', '--fix');
  t.equal(fix.exitCode, 0, `--fix repairs everything: ${fix.stdout}${fix.stderr}`);
  t.match(fix.stdout, /fixed: CT 101 veth101\.0: re-applied the up plan/);
  t.match(fix.stdout, /fixed: removed route 10\.0\.0\.103\/32 dev br0/);
  t.match(fix.stdout, /fixed: forgot the stale record of veth103\.0/);
  const veth101 = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth101.0']))[0]!;
  t.equal(veth101.master, 'br0', 'veth101.0 back on br0');
  const veth102 = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth102.0']))[0]!;
  t.equal(veth102.mtu, 1400, 'veth102.0 has the bridge MTU again');
  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(routes.map((x) => x.dst).sort(), ['10.0.0.101', '10.0.0.102'], 'route to 102 back, leftover to 103 gone');
  t.notOk(fs.existsSync(path.join(lab.runDir, 'ct', 'vz-103.json')), 'stale record gone');
  const after = await ctnet('check');
  t.equal(after.exitCode, 0, `clean after --fix: ${after.stdout}`);

  // Container pools declared in host.conf: an address outside every pool is a finding.
  const etcCtnet = path.join(path.dirname(lab.vzDir), 'ctnet');
  fs.mkdirSync(etcCtnet, { recursive: true });
  fs.writeFileSync(path.join(etcCtnet, 'host.conf'), '[isolation]\npool = 10.0.0.100/31\n', { mode: 0o644 });
  const pools = await ctnet('check');
  t.equal(pools.exitCode, 1, 'an address outside the pools: exit 1');
  t.same(
    pools.stdout,
    'CT 102 address 10.0.0.102 (veth102.0): outside every container pool (host.conf [isolation] pool): not announced by FRR\n',
    'CT 102 is outside 10.0.0.100/31, CT 101 inside',
  );
});

t.test('a leftover route no container claims, and a CT whose bridge is gone', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('201');
  lab.writeCtConf(
    '201',
    'NETIF="ifname=eth0,host_ifname=veth201.0"\nVETH_IP_ADDRESS="10.0.0.201/24"\nBRIDGEDEV="br7"\n',
  );
  await ipBatch(lab.hn, ['route add 10.9.9.9/32 dev br0 proto 213', 'route add 10.9.9.8/32 dev br0']);
  const r = await lab.runHook(CTNET, ['check'], {});
  t.equal(r.exitCode, 1);
  t.same(
    r.stdout.trim().split('\n').sort(),
    [
      'CT - route 10.9.9.9/32 dev br0: leftover: no container has this address',
      'CT 201 bridge br7: does not exist (wanted by /etc/vz/conf/201.conf:3 BRIDGEDEV)',
    ],
    "only ctnet's route (proto 213) is a leftover; the missing bridge is named",
  );
  const fix = await lab.runHook(CTNET, ['check', '--fix'], {});
  t.equal(fix.exitCode, 1, 'a missing bridge cannot be fixed: still exit 1');
  t.match(fix.stdout, /still: CT 201 bridge br7: does not exist/);
  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'dev', 'br0']);
  t.ok(
    routes.some((x) => x.dst === '10.9.9.8'),
    "a route that is not ctnet's is never touched",
  );
  t.notOk(
    routes.some((x) => x.dst === '10.9.9.9'),
    'the ctnet leftover was removed',
  );
});

t.test('check --leftovers removes what no running container owns and leaves running containers alone', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await ipBatch(lab.hn, ['link add br1 type bridge', 'link set br1 up']);
  for (const id of ['151', '152']) {
    await lab.addCt(id);
    lab.writeCtConf(id, conf(id));
    t.equal((await lab.vznet(id, `veth${id}.0`)).exitCode, 0, `CT ${id} up`);
  }
  // 151 runs and drifts (wrong bridge); 152 stops without its umount; a ctnet route nobody claims.
  await ipBatch(lab.hn, ['link set dev veth151.0 master br1', 'route add 10.9.9.9/32 dev br0 proto 213']);
  await lab.stopCt('152');
  const ctnet = (...args: string[]) => lab.runHook(CTNET, args, {});
  const r = await ctnet('check', '--leftovers');
  t.equal(r.exitCode, 0, `--leftovers: ${r.stdout}${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  t.same(
    lines.filter((l) => l.startsWith('fixed: ')).sort(),
    ['fixed: forgot the stale record of veth152.0 (vz-152)', 'fixed: removed route 10.0.0.152/32 dev br0'],
    'one line per action, leftovers only',
  );
  t.match(
    lines.filter((l) => l.startsWith('left: ')),
    [/^left: .*10\.9\.9\.9.*no known container claims it/],
    'the route nobody claims is named, not removed',
  );
  const veth151 = (await ipJson<LinkJson[]>(lab.hn, ['link', 'show', 'dev', 'veth151.0']))[0]!;
  t.equal(veth151.master, 'br1', "the running CT's drift is not repaired by --leftovers");
  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'proto', '213']);
  t.same(
    routes.map((x) => `${x.dst} ${x.dev}`).sort(),
    ['10.0.0.151 br0', '10.9.9.9 br0'],
    'the running CT keeps its route, and so does the route nobody claims',
  );
  const again = await ctnet('check', '--leftovers');
  t.match(again.stdout, /^clean: no leftovers\nleft: /, 'a second run removes nothing');
  const both = await ctnet('check', '--leftovers', '--fix');
  t.equal(both.exitCode, 1, '--leftovers with --fix is refused');
  t.match(both.stderr, /--leftovers already removes leftovers/);
  t.match(
    (await ctnet('check')).stdout,
    /CT 151 veth151\.0: on "br1" \(want "br0"\)/,
    'plain check still reports the drift',
  );
});

t.test("check --leftovers removes a stopped spare's route in table 212 and its class marker", async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  await lab.addCt('153');
  lab.writeCtConf('153', `${conf('153')}CTNET_ANNOUNCE=spare\n`);
  t.equal((await lab.vznet('153', 'veth153.0')).exitCode, 0, 'CT 153 up as a spare');
  const mine = async () =>
    (await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'table', 'all', '10.0.0.153/32', 'proto', '213']))
      .map((x) => `${x.type ?? 'unicast'} ${x.table ?? 'main'}`)
      .sort();
  t.same(await mine(), ['blackhole 213', 'unicast 212'], 'route in 212, marker in 213');
  await lab.stopCt('153'); // no umount: as a container that died without its down hook
  const r = await lab.runHook(CTNET, ['check', '--leftovers'], {});
  t.equal(r.exitCode, 0, `--leftovers: ${r.stdout}${r.stderr}`);
  t.same(
    r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('fixed: '))
      .sort(),
    [
      'fixed: forgot the stale record of veth153.0 (vz-153)',
      'fixed: removed class marker 10.0.0.153/32 table 213',
      'fixed: removed route 10.0.0.153/32 dev br0',
    ],
  );
  t.same(await mine(), [], 'neither the route nor the marker is left: the address is no longer announced');
});

t.test(
  "check reports a running spare's missing class marker and rule of table 212; --fix brings both back",
  async (t) => {
    const lab = await VzLab.create();
    t.teardown(() => lab.cleanup());
    await lab.addCt('154');
    await lab.addCt('155');
    for (const id of ['154', '155']) {
      lab.writeCtConf(id, `${conf(id)}CTNET_ANNOUNCE=spare\n`);
      t.equal((await lab.vznet(id, `veth${id}.0`)).exitCode, 0, `CT ${id} up as a spare`);
    }
    const rule = async () => ipJson<unknown[]>(lab.hn, ['-4', 'rule', 'show', 'pref', '32765', 'table', '212']);
    const markers = async () =>
      (await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'table', '213', 'proto', '213'])).map((x) => x.dst).sort();
    t.equal((await rule()).length, 1, 'the rule is there');
    t.same(await markers(), ['10.0.0.154', '10.0.0.155'], 'both markers');
    const clean = await lab.runHook(CTNET, ['check'], {});
    t.equal(clean.exitCode, 0, `clean with both spares up: ${clean.stdout}${clean.stderr}`);

    // An admin's `ip route flush table 213` and `ip rule del pref 32765`: the spares still run,
    // but FRR no longer announces 155, and forwarding no longer finds either spare's route.
    await ipBatch(lab.hn, ['route del blackhole 10.0.0.155/32 proto 213 table 213', 'rule del pref 32765']);
    const r = await lab.runHook(CTNET, ['check'], {});
    t.equal(r.exitCode, 1, 'drift: exit 1');
    t.same(r.stdout.trim().split('\n').sort(), [
      'CT 154 rule pref 32765 lookup 212: missing: forwarding does not see the IPv4 spare and anycast routes of 2 running containers (table 212)',
      'CT 155 class marker 10.0.0.155/32 (table 213): missing: FRR does not announce the address as spare',
    ]);
    const fix = await lab.runHook(CTNET, ['check', '--fix'], {});
    t.equal(fix.exitCode, 0, `--fix: ${fix.stdout}${fix.stderr}`);
    t.same(
      fix.stdout
        .split('\n')
        .filter((l) => l.startsWith('fixed: '))
        .sort(),
      ['fixed: CT 154 veth154.0: re-applied the up plan', 'fixed: CT 155 veth155.0: re-applied the up plan'],
    );
    t.equal((await rule()).length, 1, 'the rule is back, once');
    t.same(await markers(), ['10.0.0.154', '10.0.0.155'], 'the marker is back');
    const after = await lab.runHook(CTNET, ['check'], {});
    t.equal(after.exitCode, 0, `clean after --fix: ${after.stdout}`);
  },
);

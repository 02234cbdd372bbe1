/**
 * Address ownership on LXC (issue 15 point 2), with real LXC containers and the built hook:
 * - addresses that got host routes before (224.0.0.251, 127.0.0.1, 255.255.255.255, ::,
 *   ff02::1) are refused with one line naming the file, the key and why; no route appears;
 * - two --routed containers with one address: the second does not start, its hook names the
 *   first, the first's route stays on the first's veth, and the second's down leaves it;
 * - an address of the host is refused, and so is one in the host's connected network unless
 *   the admin declared a container pool (--etc-dir points the hook at the lab's host.conf).
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LxcLab } from '../lab/lxc-lab.js';
import { ipJson, type RouteJson } from '../lab/netns.js';

async function lab(t: Test): Promise<LxcLab> {
  const l = await LxcLab.create();
  t.teardown(() => l.cleanup());
  return l;
}

const routedCt = (l: LxcLab, pair: string, addr: string, opts = '--routed'): string[] => [
  'lxc.net.0.type = veth',
  'lxc.net.0.flags = up',
  'lxc.net.0.name = eth0',
  `lxc.net.0.veth.pair = ${pair}`,
  `lxc.net.0.${addr.includes(':') ? 'ipv6' : 'ipv4'}.address = ${addr}`,
  `lxc.net.0.script.up = ${l.hookLine(opts)}`,
  `lxc.net.0.script.down = ${l.hookLine(opts)}`,
];

async function routes(l: LxcLab): Promise<Array<[string, string | undefined]>> {
  const v4 = await ipJson<RouteJson[]>(l.ns, ['route', 'show', 'proto', '213']);
  const v6 = await ipJson<RouteJson[]>(l.ns, ['-6', 'route', 'show', 'proto', '213']);
  return [...v4, ...v6].map((r) => [r.dst, r.dev]);
}

t.test('addresses that are not global unicast are refused before anything is applied', async (t) => {
  const l = await lab(t);
  const file = path.join(l.dir, 'direct.conf');
  for (const addr of [
    '224.0.0.251/32',
    '127.0.0.1/32',
    '255.255.255.255/32',
    '::/128',
    'ff02::1/128',
    '169.254.169.254/32',
    'fe80::1/128',
  ]) {
    const key = addr.includes(':') ? 'ipv6' : 'ipv4';
    fs.writeFileSync(file, `lxc.net.0.type = veth\nlxc.net.0.veth.pair = vd0\nlxc.net.0.${key}.address = ${addr}\n`);
    const r = await l.runHook(['--routed', 'cd', 'net', 'up', 'veth', 'vd0'], { LXC_CONFIG_FILE: file });
    t.not(r.exitCode, 0, `${addr}: refused`);
    t.match(
      r.stderr.trim(),
      new RegExp(
        `^\\S+: error: ${file.replace(/[.\\/]/g, '\\$&')}:3: lxc\\.net\\.0\\.${key}\\.address: "[^"]+" is a [^;]+ address; a container address must be global unicast$`,
      ),
      addr,
    );
  }
  const ct = await l.container('m', routedCt(l, `vm${l.tag}`, '224.0.0.251/32'));
  t.not((await ct.start(l.env)).exitCode, 0, 'a real container with 224.0.0.251 does not start');
  t.match(ct.hookLog(), /"224\.0\.0\.251" is a multicast address/);
  t.same(await routes(l), [], 'no host route');
  // Bridged (ctnet attaches the veth, LXC configures the address): refused the same way.
  await l.ip(['link', 'add', 'sbr0', 'type', 'bridge']);
  await l.ip(['link', 'set', 'dev', 'sbr0', 'up']);
  const pl = `vl${l.tag}`;
  const br = await l.container('l', routedCt(l, pl, '127.0.0.1/8', '--bridge sbr0'));
  t.not((await br.start(l.env)).exitCode, 0, 'a bridged container with 127.0.0.1 does not start');
  t.match(
    br.hookLog(),
    /lxc\.net\.0\.ipv4\.address: "127\.0\.0\.1" is a loopback address; a container address must be global unicast/,
  );
  t.same(await ipJson(l.ns, ['link', 'show', 'master', 'sbr0']), [], 'nothing attached to the bridge');
});

t.test('two routed containers, one address: the second is refused naming the first, whose route stays', async (t) => {
  const l = await lab(t);
  const [pa, pb] = [`va${l.tag}`, `vb${l.tag}`];
  const a = await l.container('a', routedCt(l, pa, '10.0.23.5/32'));
  const b = await l.container('b', routedCt(l, pb, '10.0.23.5/32'));
  t.equal((await a.start(l.env)).exitCode, 0, `a starts: ${a.hookLog()}`);
  t.same(await routes(l), [['10.0.23.5', pa]]);
  t.not((await b.start(l.env)).exitCode, 0, 'b does not start');
  t.match(
    b.hookLog(),
    new RegExp(`"10\\.0\\.23\\.5" is held by container ${a.name} \\(${pa}\\), which is running`),
    "b's hook names a",
  );
  t.same(await routes(l), [['10.0.23.5', pa]], "a's route is untouched");
  // b's down without a successful up (as LXC may run it, or an admin by hand): a's route stays.
  const down = await l.runHook(['--routed', b.name, 'net', 'down', 'veth', pb], { LXC_CONFIG_FILE: b.config });
  t.equal(down.exitCode, 0, `b's down: ${down.stderr}`);
  t.same(await routes(l), [['10.0.23.5', pa]], "a's route survives b's down");
  t.equal((await a.stop(l.env)).exitCode, 0, 'a stops');
  t.same(await routes(l), [], "a's own down removes it");
  t.same(fs.readdirSync(path.join(l.runDir, 'addr')), [], 'claims released');
  t.equal((await b.start(l.env)).exitCode, 0, `then b starts: ${b.hookLog()}`);
  t.same(await routes(l), [['10.0.23.5', pb]]);
});

t.test('host address and connected network (routed), pools from --etc-dir', async (t) => {
  const l = await lab(t);
  await l.ip(['link', 'add', 'up0', 'type', 'bridge']);
  await l.ip(['addr', 'add', '10.0.24.1/24', 'dev', 'up0']);
  await l.ip(['link', 'set', 'dev', 'up0', 'up']);
  const etc = path.join(l.dir, 'etc');
  fs.mkdirSync(path.join(etc, 'ctnet'), { recursive: true });
  fs.writeFileSync(path.join(etc, 'ctnet', 'host.conf'), '[isolation]\npool = 10.0.24.128/25\n', { mode: 0o644 });
  const opts = `--routed --etc-dir ${etc}`;
  const own = await l.container('h', routedCt(l, `vh${l.tag}`, '10.0.24.1/32', opts));
  t.not((await own.start(l.env)).exitCode, 0, "the host's address: refused");
  t.match(own.hookLog(), /"10\.0\.24\.1" is an address of this host \(on up0\)/);
  const lan = await l.container('n', routedCt(l, `vn${l.tag}`, '10.0.24.7/32', opts));
  t.not((await lan.start(l.env)).exitCode, 0, 'the connected LAN outside the pool: refused');
  t.match(lan.hookLog(), /"10\.0\.24\.7" lies in 10\.0\.24\.0\/24, a network this host is connected to \(on up0\)/);
  t.same(await routes(l), [], 'nothing routed');
  const pooled = await l.container('p', routedCt(l, `vp${l.tag}`, '10.0.24.200/32', opts));
  t.equal((await pooled.start(l.env)).exitCode, 0, `inside the pool: starts: ${pooled.hookLog()}`);
  t.same(await routes(l), [['10.0.24.200', `vp${l.tag}`]]);
});

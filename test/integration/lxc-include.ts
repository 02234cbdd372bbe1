/**
 * A real LXC 5 container whose network settings are in a file the config includes
 * (`lxc.include`), as LXC reads it: ctnet-lxc --routed finds the addresses there, routes them,
 * the host reaches the container, and stop removes the routes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { LxcLab } from '../lab/lxc-lab.js';
import { ipJson, ping, type RouteJson } from '../lab/netns.js';

t.test('--routed with the addresses in an included file (and a directory of *.conf)', async (t) => {
  const lab = await LxcLab.create();
  t.teardown(() => lab.cleanup());
  // The node's own address (on an empty bridge) to ping from.
  await lab.ip(['link', 'add', 'up0', 'type', 'bridge']);
  await lab.ip(['addr', 'add', '10.0.24.254/24', 'dev', 'up0']);
  await lab.ip(['link', 'set', 'dev', 'up0', 'up']);
  const pr = `vi${lab.tag}`;
  const netConf = path.join(lab.dir, 'net.conf');
  const confDir = path.join(lab.dir, 'net.conf.d');
  fs.mkdirSync(confDir);
  fs.writeFileSync(
    netConf,
    [
      `lxc.net.0.veth.pair = ${pr}`,
      'lxc.net.0.ipv4.address = 10.0.23.5/32',
      'lxc.net.0.ipv4.gateway = dev',
      `lxc.include = ${confDir}`,
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(confDir, '10-v6.conf'),
    'lxc.net.0.ipv6.address = 2001:db8:23::5/128\nlxc.net.0.ipv6.gateway = fe80::1\n',
  );
  const ct = await lab.container('inc', lab.vethNet('--routed', [`lxc.include = ${netConf}`]));
  const r = await ct.start(lab.env);
  t.equal(r.exitCode, 0, `starts: ${ct.hookLog()}`);
  const routes = await ipJson<RouteJson[]>(lab.ns, ['route', 'show', 'proto', '213']);
  t.same(
    routes.map((x) => [x.dst, x.dev]),
    [['10.0.23.5', pr]],
    'the included IPv4 address is routed via the veth',
  );
  const routes6 = await ipJson<RouteJson[]>(lab.ns, ['-6', 'route', 'show', 'proto', '213']);
  t.same(
    routes6.map((x) => [x.dst, x.dev]),
    [['2001:db8:23::5', pr]],
    'and the IPv6 one from the included directory',
  );
  t.ok(await ping(lab.ns, '10.0.23.5'), 'host reaches the container');
  t.notMatch(ct.hookLog(), /lxc\.include is not followed/, 'no warning about includes');
  t.equal((await ct.stop(lab.env)).exitCode, 0, 'stops');
  t.same(await ipJson(lab.ns, ['route', 'show', 'proto', '213']), [], 'routes gone');
});

/** lxc.include read in place, as LXC does (a file, or a directory's *.conf files). Real files. */
import t from 'tap';
import * as path from 'node:path';
import { parseLxcConfig } from '../../../lib/runtimes/lxc/lxc-config.js';
import { readLxcInclude } from '../../../lib/runtimes/lxc/lxc-includes.js';

t.test('a file and a directory are read in place, sections merge across files', async (t) => {
  const dir = t.testdir({
    'common.conf': 'lxc.include = DIR/common.conf.d\nlxc.net.0.link = br7\n',
    'common.conf.d': {
      '20-addr.conf': 'lxc.net.0.ipv4.address = 10.0.0.9/24\n',
      '10-mtu.conf': 'lxc.net.0.mtu = 1400\n',
      README: 'lxc.net.0.link = not-a-conf-file\n',
      'x.conf.bak': 'lxc.net.0.link = nor-this\n',
    },
  });
  const common = path.join(dir, 'common.conf');
  const fs = await import('node:fs');
  fs.writeFileSync(common, fs.readFileSync(common, 'utf8').replace('DIR', dir));
  const cfg = parseLxcConfig(
    `lxc.net.0.type = veth\nlxc.include = ${common}\nlxc.net.0.name = eth1\n`,
    'main.conf',
    readLxcInclude,
  );
  t.equal(cfg.sections.length, 1);
  const s = cfg.sections[0]!;
  t.equal(s.link, 'br7', 'from the included file');
  t.equal(s.mtu, 1400, 'from the directory');
  t.same(
    s.ipv4.map((a) => a.address),
    ['10.0.0.9'],
    'from the directory',
  );
  t.equal(s.name, 'eth1', 'the main file goes on after the include');
  t.same(cfg.warnings, []);
});

t.test('later keys win in include order; an included "lxc.net =" resets', async (t) => {
  const dir = t.testdir({
    d: { 'a.conf': 'lxc.net.0.link = br-a\n', 'b.conf': 'lxc.net.0.link = br-b\n' },
    'reset.conf': 'lxc.net =\n',
  });
  const c1 = parseLxcConfig(`lxc.net.0.type = veth\nlxc.include = ${dir}/d\n`, 'm', readLxcInclude);
  t.equal(c1.sections[0]!.link, 'br-b', 'b.conf after a.conf');
  const c2 = parseLxcConfig(
    `lxc.net.0.type = veth\nlxc.include = ${dir}/reset.conf\nlxc.net.1.type = empty\n`,
    'm',
    readLxcInclude,
  );
  t.same(
    c2.sections.map((x) => x.label),
    ['lxc.net.1'],
  );
});

t.test('bad includes: one line naming file, line and key', async (t) => {
  const dir = t.testdir({ 'bad.conf': 'lxc.net.0.ipv4.address = 10.0.0.300/24\n', 'loop.conf': '' });
  const fs = await import('node:fs');
  fs.writeFileSync(path.join(dir, 'loop.conf'), `lxc.include = ${dir}/loop.conf\n`);
  t.throws(() => parseLxcConfig(`lxc.include = ${dir}/missing.conf\n`, 'm', readLxcInclude), {
    message: new RegExp(`^m:1: lxc.include: "${dir}/missing.conf" does not exist$`),
  });
  t.throws(() => parseLxcConfig('lxc.include = relative.conf\n', 'm', readLxcInclude), {
    message: /^m:1: lxc.include: "relative.conf" is not an absolute path$/,
  });
  t.throws(
    () => parseLxcConfig(`lxc.net.0.type = veth\nlxc.include = ${dir}/bad.conf\n`, 'm', readLxcInclude),
    { message: new RegExp(`^${dir}/bad.conf:1: lxc.net.0.ipv4.address: "10.0.0.300/24" is not an IPv4/IPv6 address$`) },
    'the included file and its line',
  );
  t.throws(() => parseLxcConfig(`lxc.include = ${dir}/loop.conf\n`, 'm', readLxcInclude), {
    message: /nested more than 8 deep/,
  });
  t.same(
    parseLxcConfig('lxc.include =\nlxc.net.0.type = veth\n', 'm', readLxcInclude).sections.length,
    1,
    'an empty include does nothing',
  );
});

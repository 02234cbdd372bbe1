import * as fs from 'node:fs';
import t from 'tap';
import { parseNetworksConf } from '../../../lib/setups/pbr/networks-conf.js';
import { renderBootConfig } from '../../../lib/setups/pbr/render-boot-config.js';

const conf = parseNetworksConf(fs.readFileSync('templates/networks.conf', 'utf8'), '/etc/ctnet/networks.conf');

t.test('centos: route-/rule-DEV with seed 000 lines and explicit priorities', async (t) => {
  const files = renderBootConfig(conf, 'centos', fs.readFileSync('templates/pbr/centos.tmpl', 'utf8'));
  const by = new Map(files.map((f) => [f.path, f.text]));
  t.match(
    by.get('/etc/sysconfig/network-scripts/route-vmbr0'),
    /^192\.168\.1\.0\/24 dev vmbr0 table internal\ndefault via 192\.168\.1\.3 dev vmbr0 table internal$/m,
  );
  t.match(
    by.get('/etc/sysconfig/network-scripts/rule-vmbr0'),
    /^from 192\.168\.1\.0\/24 to 192\.168\.1\.0\/24 iif venet0 lookup main priority 10000\nfrom 192\.168\.1\.0\/24 iif venet0 lookup internal priority 10001$/m,
  );
  t.match(
    by.get('/etc/sysconfig/network-scripts/rule6-vmbr1'),
    /from 2001:db8:100::\/64 iif venet0 lookup external priority 10011/,
  );
  t.equal(by.get('/etc/iproute2/rt_tables.d/ctnet.conf'), '210\tinternal\n200\texternal\n');
  t.notOk(
    files.some((f) => f.text.includes('{{')),
    'every placeholder filled',
  );
});

t.test('debian: post-up/pre-down lines per uplink', async (t) => {
  const files = renderBootConfig(conf, 'debian', fs.readFileSync('templates/pbr/debian.tmpl', 'utf8'));
  const v1 = files.find((f) => f.path.includes('iface vmbr1'))!.text;
  t.match(v1, /    post-up ip -6 rule add from 2001:db8:100::\/64 iif venet0 lookup external priority 10011\n/);
  t.match(v1, /    pre-down ip route del default via 200\.200\.100\.30 dev vmbr1 table external \|\| true\n/);
});

t.test('a newline in the config path cannot add a line to any rendered file', async (t) => {
  const { rtTablesText } = await import('../../../lib/setups/pbr/pbr-entries.js');
  const evil = parseNetworksConf(
    '[internal]\ntable = 210\nprefix = 192.168.1.0/24\nuplink = vmbr0\ngateway = 192.168.1.3\n',
    '/etc/ctnet/x.conf\n    post-up touch /tmp/pwned\n250 evil',
  );
  for (const format of ['centos', 'debian'] as const) {
    for (const f of renderBootConfig(evil, format, fs.readFileSync(`templates/pbr/${format}.tmpl`, 'utf8'))) {
      t.notMatch(f.text, /^\s*post-up touch/m, `${format} ${f.path}: no injected post-up`);
      t.notMatch(f.text, /^250\tevil|^250 evil/m, `${format} ${f.path}: no injected table`);
    }
  }
  const names = rtTablesText(evil);
  t.same(
    names.split('\n').filter((l) => l && !l.startsWith('#')),
    ['210\tinternal'],
    'rt_tables: only the table lines',
  );
  t.match(names, /x\.conf\\n    post-up touch/, 'the path shown escaped');
});

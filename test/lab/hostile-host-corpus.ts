/**
 * Hostile input beyond the OpenVZ config corpus (hostile-corpus.ts): LXC configs and argv as
 * LXC passes them, special files as config or include (FIFO, /dev/zero, directory, 400 MB
 * sparse file), runtime words that look like options, reserved interface names, OVS name
 * collisions, malformed ovsdb answers, and newline injection into every rendered config.
 * Placeholders, filled in per case by hostile-host-run.ts: @DEV the lab's host veth, @DIR the
 * case's own directory, @M the case's marker, @P a path whose creation would prove execution.
 */
import { injections } from './hostile-corpus.js';

/** A file the runner puts at @DIR/<name> before the run. */
export type CaseFile = string | { fifo: true } | { dir: true } | { sparse: number } | { link: string };

export interface HostCase {
  name: string;
  hook: 'lxc' | 'vznet' | 'vznetcfg' | 'ctnet';
  /** Everything after the executable (the runner adds nothing). */
  argv: string[];
  env?: Record<string, string>;
  files?: Record<string, CaseFile>;
  /** 'ok': exit 0; 'error': exit 1 with one error line; 'either': either, all else checked. */
  expect: 'ok' | 'error' | 'either';
  /** Open vSwitch: the lab's real one, or a stand-in answering with `answers[i]` for the i-th transaction. */
  ovs?: 'real' | { answers: unknown[] };
  /** ovs-vsctl commands run before the case (a colliding port). */
  ovsSetup?: string[][];
  /** What must still hold after the run (e.g. the colliding port untouched): ovs-vsctl get args -> value. */
  ovsAfter?: Array<[string[], string]>;
  /** A file under @DIR that must not exist afterwards (a --run-dir that must not have moved). */
  absent?: string;
  /** Pass no --run-dir: the hook uses /run/ctnet, which the runner binds to the case's run dir. */
  defaultRunDir?: boolean;
  /** A file under @DIR that must exist afterwards and must not match `re` per line. */
  output?: { file?: string; stdout?: boolean; lineMustNotMatch: RegExp };
}

const LXC_UP = ['c1', 'net', 'up', 'veth', 'br0', '@DEV'];
const LXC_ENV = { LXC_CONFIG_FILE: '@DIR/config' };

export function lxcConfig(over: Record<string, string> = {}, extra = ''): string {
  const keys: Record<string, string> = {
    'lxc.net.0.type': 'veth',
    'lxc.net.0.link': 'br0',
    'lxc.net.0.veth.pair': '@DEV',
    'lxc.net.0.name': 'eth0',
    'lxc.net.0.ipv4.address': '10.0.0.31/24',
    ...over,
  };
  return `lxc.uts.name = c1\n${Object.entries(keys)
    .map(([k, v]) => `${k} = ${v}\n`)
    .join('')}${extra}`;
}

const vzConf = (over: Record<string, string> = {}): string =>
  Object.entries({
    NETIF: '"ifname=eth0,host_ifname=@DEV"',
    VETH_IP_ADDRESS: '"10.0.0.31/32"',
    ...over,
  })
    .map(([k, v]) => `${k}=${v}\n`)
    .join('');

const FIFO = { fifo: true } as const;
const SPARSE = { sparse: 400 * 1024 * 1024 } as const;
const ZERO = { link: '/dev/zero' } as const;
const DIR = { dir: true } as const;

/** Every hostile case of this corpus, in a fixed order (the runners split them by index). */
export function hostCases(): HostCase[] {
  return [
    ...lxcConfigCases(),
    ...lxcArgvCases(),
    ...specialFileCases(),
    ...vzArgvCases(),
    ...ovsCases(),
    ...ovsdbAnswerCases(),
    ...renderedConfigCases(),
  ];
}

function lxcConfigCases(): HostCase[] {
  const cases: HostCase[] = [];
  const keys = [
    'link',
    'name',
    'veth.pair',
    'mtu',
    'ipv4.address',
    'ipv6.address',
    'ipv4.gateway',
    'ipv6.gateway',
    'type',
  ];
  const list = injections('@M', '@P');
  keys.forEach((key, k) => {
    // each key gets 6 of the injections, a different window per key
    for (let j = 0; j < 6; j++) {
      const inj = list[(k * 3 + j * 2) % list.length]!;
      // LXC takes only the first word of an ipv4/ipv6 address line: "10.0.0.31/24 $(touch)" is an
      // address and an ignored broadcast, so those may succeed; the marker must still reach nothing.
      const expect = key.endsWith('.address') && /^10\.0\.0\.31\/24[ ;\\]/.test(inj) ? 'either' : 'error';
      cases.push({
        name: `lxc config lxc.net.0.${key} = ${JSON.stringify(inj).slice(0, 40)}`,
        hook: 'lxc',
        argv: LXC_UP,
        env: LXC_ENV,
        expect,
        files: { config: lxcConfig({ [`lxc.net.0.${key}`]: inj }) },
      });
    }
  });
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) => `lxc.net.0.ipv4.address = 10.1.${i >> 8}.${i & 255}/32\n`).join('');
  cases.push(
    {
      name: 'lxc config 1,025 addresses in one section',
      hook: 'lxc',
      argv: LXC_UP,
      env: LXC_ENV,
      expect: 'error',
      files: { config: lxcConfig({}, many(1025)) },
    },
    {
      name: 'lxc config link = all',
      hook: 'lxc',
      argv: ['c1', 'net', 'up', 'veth', '@DEV'],
      env: LXC_ENV,
      expect: 'error',
      files: { config: lxcConfig({ 'lxc.net.0.link': 'all' }) },
    },
    {
      name: 'lxc config veth.pair = default',
      hook: 'lxc',
      argv: LXC_UP,
      env: LXC_ENV,
      expect: 'error',
      files: { config: lxcConfig({ 'lxc.net.0.veth.pair': 'default' }) },
    },
    {
      name: 'lxc config name = --dry-run',
      hook: 'lxc',
      argv: LXC_UP,
      env: LXC_ENV,
      expect: 'error',
      files: { config: lxcConfig({ 'lxc.net.0.name': '--dry-run' }) },
    },
    {
      name: 'lxc config lxc.include of a missing file',
      hook: 'lxc',
      argv: LXC_UP,
      env: LXC_ENV,
      expect: 'either',
      files: { config: lxcConfig({}, 'lxc.include = @DIR/none.conf\n') },
    },
    {
      name: 'lxc config lxc.include of itself (a loop)',
      hook: 'lxc',
      argv: LXC_UP,
      env: LXC_ENV,
      expect: 'error',
      files: { config: lxcConfig({}, 'lxc.include = @DIR/config\n') },
    },
    {
      name: 'lxc config include carrying a hostile link',
      hook: 'lxc',
      argv: LXC_UP,
      env: LXC_ENV,
      expect: 'error',
      files: {
        config: lxcConfig({}, 'lxc.include = @DIR/inc.conf\n'),
        'inc.conf': 'lxc.net.0.link = br0;touch @P @M\n',
      },
    },
    {
      name: 'lxc config NUL byte in a value',
      hook: 'lxc',
      argv: LXC_UP,
      env: LXC_ENV,
      expect: 'error',
      files: { config: lxcConfig({ 'lxc.net.0.link': 'br0\u0000x' }) },
    },
  );
  return cases;
}

function lxcArgvCases(): HostCase[] {
  const cfg = { config: lxcConfig() };
  const argv = (
    name: string,
    words: string[],
    expect: HostCase['expect'] = 'error',
    env: Record<string, string> = LXC_ENV,
    absent?: string,
  ): HostCase => ({
    name: `lxc argv ${name}`,
    hook: 'lxc',
    argv: words,
    env,
    expect,
    files: cfg,
    ...(absent ? { absent, defaultRunDir: true } : {}),
  });
  const v1 = (over: Record<string, string>) => ({
    ...LXC_ENV,
    LXC_HOOK_VERSION: '1',
    LXC_HOOK_TYPE: 'up',
    LXC_HOOK_SECTION: 'net',
    LXC_NAME: 'c1',
    LXC_NET_TYPE: 'veth',
    LXC_NET_PARENT: 'br0',
    LXC_NET_PEER: '@DEV',
    ...over,
  });
  return [
    // the review's reproductions: LXC appends its words after the script line's options
    argv('a veth named --dry-run (did nothing, exit 0)', ['c1', 'net', 'up', 'veth', 'br0', '--dry-run']),
    argv('a trailing --run-dir=@DIR/zz (moved the run dir)', [...LXC_UP, '--run-dir=@DIR/zz'], 'error', LXC_ENV, 'zz'),
    argv('a trailing --run-dir @DIR/zz', [...LXC_UP, '--run-dir', '@DIR/zz'], 'error', LXC_ENV, 'zz'),
    argv('a veth named --help', ['c1', 'net', 'up', 'veth', 'br0', '--help']),
    argv('a veth named -n', ['c1', 'net', 'up', 'veth', 'br0', '-n']),
    argv('a veth named all', ['c1', 'net', 'up', 'veth', 'br0', 'all']),
    argv('a veth named default', ['c1', 'net', 'up', 'veth', 'br0', 'default']),
    argv('a link named all', ['c1', 'net', 'up', 'veth', 'all', '@DEV']),
    argv('a link named --quiet', ['c1', 'net', 'up', 'veth', '--quiet', '@DEV']),
    argv('a container named --version', ['--version', 'net', 'up', 'veth', 'br0', '@DEV'], 'either'),
    argv('a container named $(touch)', ['$(touch @P)', 'net', 'up', 'veth', 'br0', '@DEV']),
    argv('-- then an option-like veth', ['--', 'c1', 'net', 'up', 'veth', 'br0', '--dry-run']),
    argv('script line --bridge all', ['--bridge', 'all', ...LXC_UP]),
    argv('script line --bridge=--dry-run', ['--bridge=--dry-run', ...LXC_UP]),
    argv('script line --bridge -n (no value)', ['--bridge', '-n', ...LXC_UP]),
    argv('script line --vlan 10;touch', ['--vlan', '10;touch @P', ...LXC_UP]),
    argv('script line --trunks 1-5000', ['--trunks', '1-5000', ...LXC_UP]),
    argv('script line --mtu 1e3', ['--mtu', '1e3', ...LXC_UP]),
    argv('script line --forward tcp:80:80;touch', ['--forward', 'tcp:80:80;touch @P', ...LXC_UP]),
    argv('script line --routed false (a stray word)', ['--routed', 'false', ...LXC_UP]),
    argv('hook.version 1: LXC_NET_PEER=--dry-run', ['veth', '--dry-run'], 'error', v1({ LXC_NET_PEER: '--dry-run' })),
    argv('hook.version 1: LXC_NET_PEER=all', ['veth', 'all'], 'error', v1({ LXC_NET_PEER: 'all' })),
    argv('hook.version 1: LXC_NET_PARENT=default', ['veth', '@DEV'], 'error', v1({ LXC_NET_PARENT: 'default' })),
    argv('hook.version 1: LXC_NAME=$(touch)', ['veth', '@DEV'], 'error', v1({ LXC_NAME: '$(touch @P) @M' })),
    argv('hook.version 1: LXC_HOOK_TYPE=up;touch', ['veth', '@DEV'], 'error', v1({ LXC_HOOK_TYPE: 'up;touch @P' })),
    argv('hook.version 1: LXC_HOOK_SECTION=mount', ['veth', '@DEV'], 'error', v1({ LXC_HOOK_SECTION: 'mount' })),
    argv(
      'hook.version 1: a newline in LXC_NET_PEER',
      ['veth', '@DEV'],
      'error',
      v1({ LXC_NET_PEER: '@DEV\nlink del br0 @M' }),
    ),
  ];
}

function specialFileCases(): HostCase[] {
  const lxc = (name: string, files: Record<string, CaseFile>, env = LXC_ENV): HostCase => ({
    name: `special file: ${name}`,
    hook: 'lxc',
    argv: LXC_UP,
    env,
    expect: 'error',
    files,
  });
  const inc = (target: string) => lxcConfig({}, `lxc.include = @DIR/${target}\n`);
  const vz = (name: string, files: Record<string, CaseFile>): HostCase => ({
    name: `special file: ${name}`,
    hook: 'vznet',
    argv: ['--vz-dir', '@DIR', 'init', 'veth', '@DEV'],
    env: { VEID: '101' },
    expect: 'error',
    files: { conf: DIR, ...files },
  });
  return [
    lxc('LXC config is a FIFO', { config: FIFO }),
    lxc('LXC config is /dev/zero (a link)', { config: ZERO }),
    lxc('LXC config is a directory', { config: DIR }),
    lxc('LXC config is a 400 MB sparse file', { config: SPARSE }),
    lxc('LXC config is 2 MB', { config: `${lxcConfig()}# ${'x'.repeat(2 * 1024 * 1024)}\n` }),
    lxc('LXC_CONFIG_FILE=/dev/zero', {}, { LXC_CONFIG_FILE: '/dev/zero' }),
    lxc('lxc.include of a FIFO', { config: inc('f.conf'), 'f.conf': FIFO }),
    lxc('lxc.include of /dev/zero', { config: lxcConfig({}, 'lxc.include = /dev/zero\n') }),
    lxc('lxc.include of a 400 MB sparse file', { config: inc('big.conf'), 'big.conf': SPARSE }),
    lxc('lxc.include of a directory holding a FIFO x.conf', { config: inc('d'), d: DIR, 'd/x.conf': FIFO }),
    lxc('lxc.include of a directory holding a link to /dev/zero', { config: inc('d'), d: DIR, 'd/z.conf': ZERO }),
    vz('CT config is a FIFO', { 'conf/101.conf': FIFO }),
    vz('CT config is /dev/zero (a link)', { 'conf/101.conf': ZERO }),
    vz('CT config is a directory', { 'conf/101.conf': DIR }),
    vz('CT config is a 400 MB sparse file', { 'conf/101.conf': SPARSE }),
    vz('vz.conf is a FIFO', { 'vz.conf': FIFO, 'conf/101.conf': vzConf() }),
    vz('vz.conf is a 400 MB sparse file', { 'vz.conf': SPARSE, 'conf/101.conf': vzConf() }),
    {
      name: 'special file: vznet.conf is a FIFO (vznetcfg)',
      hook: 'vznetcfg',
      argv: ['--vz-dir', '@DIR', 'init', 'veth', '@DEV'],
      env: { VEID: '101' },
      expect: 'error',
      files: { conf: DIR, 'conf/101.conf': vzConf(), 'vznet.conf': FIFO },
    },
    {
      name: 'special file: vznet.conf is /dev/zero (vznetcfg)',
      hook: 'vznetcfg',
      argv: ['--vz-dir', '@DIR', 'init', 'veth', '@DEV'],
      env: { VEID: '101' },
      expect: 'error',
      files: { conf: DIR, 'conf/101.conf': vzConf(), 'vznet.conf': ZERO },
    },
    {
      name: 'special file: networks.conf is a FIFO (ctnet pbr show)',
      hook: 'ctnet',
      argv: ['pbr', 'show', '--config', '@DIR/n.conf', '--etc', '@DIR', '--run-dir', '@DIR/run'],
      expect: 'error',
      files: { 'n.conf': FIFO },
    },
    {
      name: 'special file: networks.conf is a 400 MB sparse file (ctnet pbr render)',
      hook: 'ctnet',
      argv: ['pbr', 'render', '--format', 'debian', '--config', '@DIR/n.conf'],
      expect: 'error',
      files: { 'n.conf': SPARSE },
    },
  ];
}

function vzArgvCases(): HostCase[] {
  const files = { conf: DIR, 'conf/101.conf': vzConf() } as Record<string, CaseFile>;
  const vz = (
    name: string,
    argv: string[],
    over: Record<string, string> = {},
    hook: HostCase['hook'] = 'vznet',
    absent?: string,
  ): HostCase => ({
    name: `openvz ${name}`,
    hook,
    argv: ['--vz-dir', '@DIR', ...argv],
    env: { VEID: '101' },
    expect: 'error',
    files: Object.keys(over).length ? { ...files, 'conf/101.conf': vzConf(over) } : files,
    ...(absent ? { absent, defaultRunDir: true } : {}),
  });
  return [
    vz(
      'argv init veth DEV --run-dir=@DIR/zz (moved the run dir)',
      ['init', 'veth', '@DEV', '--run-dir=@DIR/zz'],
      {},
      'vznet',
      'zz',
    ),
    vz('argv init veth --dry-run (did nothing, exit 0)', ['init', 'veth', '--dry-run']),
    vz('argv init veth all', ['init', 'veth', 'all']),
    vz('argv init veth DEV default (the bridge)', ['init', 'veth', '@DEV', 'default']),
    vz('vznetcfg argv addif all br0', ['addif', 'all', 'br0'], {}, 'vznetcfg'),
    vz('vznetcfg argv init veth DEV --verbose', ['init', 'veth', '@DEV', '--verbose'], {}, 'vznetcfg'),
    vz('vznetcfg argv delif --dry-run', ['delif', '--dry-run'], {}, 'vznetcfg'),
    vz('VETH_PROXY_DEV=all (wrote the host-wide proxy_ndp)', ['init', 'veth', '@DEV'], {
      VETH_IP_ADDRESS: '"2001:db8::31/128"',
      VETH_PROXY_DEV: '"all"',
    }),
    vz('VETH_PROXY_DEV=default', ['init', 'veth', '@DEV'], { VETH_PROXY_DEV: '"default"' }),
    vz('VETH_PROXY_DEV=-x', ['init', 'veth', '@DEV'], { VETH_PROXY_DEV: '"-x"' }),
    vz('BRIDGEDEV=all', ['init', 'veth', '@DEV'], { BRIDGEDEV: '"all"' }),
    vz('NETIF bridge=default', ['init', 'veth', '@DEV'], { NETIF: '"ifname=eth0,host_ifname=@DEV,bridge=default"' }),
    vz('NETIF host_ifname=--dry-run', ['init', 'veth', '@DEV'], { NETIF: '"ifname=eth0,host_ifname=--dry-run"' }),
    vz('60,000 addresses with a proxy device', ['init', 'veth', '@DEV'], {
      VETH_IP_ADDRESS: `"${Array.from({ length: 60_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}/32`).join(' ')}"`,
      VETH_PROXY_DEV: '"br0"',
    }),
  ];
}

function ovsCases(): HostCase[] {
  const up = ['--bridge', 'sw0', 'c1', 'net', 'up', 'veth', '@DEV'];
  const keep = (col: string, value: string): [string[], string] => [
    ['get', col.split(' ')[0]!, '@DEV', col.split(' ')[1]!],
    value,
  ];
  const refused = (name: string, setup: string[][], after: Array<[string[], string]>, argv = up): HostCase => ({
    name: `ovs collision: ${name}`,
    hook: 'lxc',
    argv,
    expect: 'error',
    ovs: 'real',
    ovsSetup: setup,
    ovsAfter: after,
  });
  return [
    refused(
      "the veth's name is another container's port",
      [['add-port', 'sw0', '@DEV', 'tag=99', 'external_ids:ctnet-owner="lxc:other"']],
      [keep('port external_ids:ctnet-owner', '"lxc:other"'), keep('port tag', '99')],
    ),
    refused(
      "the veth's name is an admin's port (no owner) on the bridge",
      [['add-port', 'sw0', '@DEV', 'tag=98']],
      [keep('port tag', '98')],
    ),
    refused(
      "the veth's name is an admin's port on another bridge",
      [['add-port', 'sw1', '@DEV', 'tag=97']],
      [keep('port tag', '97'), [['port-to-br', '@DEV'], 'sw1']],
    ),
    refused(
      'a patch port of that name, even marked as ours',
      [
        [
          'add-port',
          'sw0',
          '@DEV',
          'external_ids:ctnet-owner="lxc:c1"',
          '--',
          'set',
          'interface',
          '@DEV',
          'type=patch',
          'options:peer=x@M',
        ],
      ],
      [keep('interface type', 'patch')],
    ),
    refused(
      'a vxlan tunnel port of that name',
      [['add-port', 'sw0', '@DEV', '--', 'set', 'interface', '@DEV', 'type=vxlan', 'options:remote_ip=192.0.2.1']],
      [keep('interface type', 'vxlan')],
    ),
    refused(
      'an internal port of that name',
      [['add-port', 'sw0', '@DEV', '--', 'set', 'interface', '@DEV', 'type=internal']],
      [keep('interface type', 'internal')],
    ),
    refused(
      'a patch port when LXC attached (link = the bridge)',
      [['add-port', 'sw0', '@DEV', '--', 'set', 'interface', '@DEV', 'type=patch', 'options:peer=y']],
      [keep('interface type', 'patch')],
      ['c1', 'net', 'up', 'veth', 'sw0', '@DEV'],
    ),
    refused(
      'a bond holding an interface of that name',
      [['add-bond', 'sw0', 'bd@DEV', '@DEV', 'x@DEV']],
      [[['get', 'port', 'bd@DEV', 'bond_mode'], '[]']],
    ),
    {
      name: 'ovs collision: its own stale port is replaced',
      hook: 'lxc',
      argv: ['--vlan', '12', ...up],
      expect: 'ok',
      ovs: 'real',
      ovsSetup: [['add-port', 'sw1', '@DEV', 'tag=96', 'external_ids:ctnet-owner="lxc:c1"']],
      ovsAfter: [keep('port tag', '12'), [['port-to-br', '@DEV'], 'sw0']],
    },
    {
      name: "ovs collision: LXC's own attach (link = sw0, no owner) is taken over",
      hook: 'lxc',
      argv: ['--vlan', '13', 'c1', 'net', 'up', 'veth', 'sw0', '@DEV'],
      expect: 'ok',
      ovs: 'real',
      ovsSetup: [['add-port', 'sw0', '@DEV']],
      ovsAfter: [keep('port tag', '13'), keep('port external_ids:ctnet-owner', '"lxc:c1"')],
    },
    {
      name: 'ovs collision: vznetcfg delif leaves a patch port of that name alone',
      hook: 'vznetcfg',
      argv: ['--vz-dir', '@DIR', 'delif', '@DEV', ''],
      env: { VEID: '101', VPORT_TYPE: 'ovs' },
      expect: 'ok',
      ovs: 'real',
      ovsSetup: [['add-port', 'sw0', '@DEV', '--', 'set', 'interface', '@DEV', 'type=patch', 'options:peer=z']],
      ovsAfter: [keep('interface type', 'patch')],
    },
  ];
}

const U = (n: number) => ['uuid', `00000000-0000-4000-8000-00000000000${n}`];
/** The bridge lookup (bridge-kind.ts) sees an OVS bridge; the port's select gets `select`. */
const fake = (select: unknown): { answers: unknown[] } => ({ answers: [[{ rows: [{ _uuid: U(1) }] }], select] });

function ovsdbAnswerCases(): HostCase[] {
  const c = (name: string, select: unknown): HostCase => ({
    name: `malformed ovsdb answer: ${name}`,
    hook: 'lxc',
    argv: ['--bridge', 'sw9', 'c1', 'net', 'up', 'veth', '@DEV'],
    expect: 'error',
    ovs: fake(select),
  });
  const bridge = { rows: [{ _uuid: U(1), ports: ['set', []] }] };
  return [
    c('not a list of results', { rows: [] }),
    c('too few results', [{ rows: [] }]),
    c('rows that are not a list', [{ rows: 'x' }, bridge, { rows: [] }]),
    c('two ports of one name', [
      {
        rows: [
          { _uuid: U(2), interfaces: U(7) },
          { _uuid: U(3), interfaces: U(7) },
        ],
      },
      bridge,
      { rows: [] },
    ]),
    c('a port without _uuid', [{ rows: [{ interfaces: U(7) }] }, bridge, { rows: [] }]),
    c('a uuid that is a path', [
      { rows: [{ _uuid: ['uuid', '../../etc/x'], interfaces: U(7) }] },
      bridge,
      { rows: [] },
    ]),
    c('interfaces that are text', [{ rows: [{ _uuid: U(2), interfaces: 'eth0; rm -rf /' }] }, bridge, { rows: [] }]),
    c('an error result', [{ error: 'permission denied', details: 'x\nctnet: error: forged' }, bridge, { rows: [] }]),
    c('null results', [null, null, null]),
    c('a bridge row without _uuid', [{ rows: [] }, { rows: [{ name: 'sw9' }] }, { rows: [] }]),
  ];
}

function renderedConfigCases(): HostCase[] {
  const frr = [
    'render',
    'frr',
    '--no-detect',
    '--no-vz',
    '--pool',
    '192.0.2.0/24',
    '--ospf-if',
    'up0',
    '--router-id',
    '10.0.0.1',
    '--hostname',
    'n1',
  ];
  const nl = 'x\nrouter bgp 65001 @M';
  const refused = (name: string, argv: string[], files?: Record<string, CaseFile>): HostCase => ({
    name: `rendered config: ${name}`,
    hook: 'ctnet',
    argv,
    expect: 'error',
    ...(files ? { files } : {}),
  });
  const networks = '[internal]\ntable = 210\nprefix = 192.168.1.0/24\nuplink = vmbr0\n';
  return [
    {
      name: 'rendered config: frr --vz-dir with a newline (injected router bgp)',
      hook: 'ctnet',
      expect: 'ok',
      argv: [...frr.filter((a) => a !== '--no-vz'), '--vz-dir', `@DIR/${nl}`, '--output', '@DIR/frr.conf'],
      output: { file: 'frr.conf', lineMustNotMatch: /^router bgp|^ctnet/ },
    },
    refused('frr --hostname with a newline', [...frr, '--hostname', `n1\n${nl}`]),
    refused('frr --ospf-if with a newline', [...frr, '--ospf-if', `up0\n${nl}`]),
    refused('frr --connected with a newline', [...frr, '--connected', `10.0.0.0/24\n${nl}`]),
    refused('frr --bgp --neighbor with a newline', [
      'render',
      'frr',
      '--bgp',
      '--no-detect',
      '--asn',
      '65011',
      '--router-id',
      '10.0.0.1',
      '--pool',
      '192.0.2.0/24',
      '--neighbor',
      `up0\n${nl}`,
    ]),
    refused('frr --bgp --asn with a newline', [
      'render',
      'frr',
      '--bgp',
      '--no-detect',
      '--asn',
      `65011\n${nl}`,
      '--router-id',
      '10.0.0.1',
      '--pool',
      '192.0.2.0/24',
      '--neighbor',
      'up0',
    ]),
    refused('frr --pool with a newline', [...frr, '--pool', `198.51.100.0/24\n${nl}`]),
    refused('frr --spare with a newline', [...frr, '--spare', `192.0.2.9\n${nl}`]),
    refused('frr --anycast with a newline', [...frr, '--anycast', `192.0.2.10\n${nl}`]),
    refused('frr --area with a newline', [...frr, '--area', `0\n${nl}`]),
    refused('frr --router-id with a newline', [
      ...frr.slice(0, -4),
      '--router-id',
      `10.0.0.1\n${nl}`,
      '--hostname',
      'n1',
    ]),
    refused('frr --hello with a newline', [...frr, '--hello', `1\n${nl}`]),
    {
      name: 'rendered config: pbr --config path with a newline (boot files)',
      hook: 'ctnet',
      expect: 'ok',
      argv: ['pbr', 'render', '--format', 'debian', '--config', '@DIR/n\n    post-up touch @P @M\n250 evil.conf'],
      files: { 'n\n    post-up touch @P @M\n250 evil.conf': networks },
      output: { stdout: true, lineMustNotMatch: /^\s*post-up touch|^250\s+evil/ },
    },
    refused('pbr uplink with a shell word', ['pbr', 'render', '--format', 'centos', '--config', '@DIR/n.conf'], {
      'n.conf': networks.replace('vmbr0', 'vmbr0;touch @P'),
    }),
    refused(
      'pbr section name with a tab and table',
      ['pbr', 'render', '--format', 'centos', '--config', '@DIR/n.conf'],
      { 'n.conf': networks.replace('[internal]', '[internal\t250 evil]') },
    ),
    refused('pbr gateway with a newline escape', ['pbr', 'render', '--format', 'centos', '--config', '@DIR/n.conf'], {
      'n.conf': `${networks}gateway = 192.168.1.3\\npost-up x\n`,
    }),
    refused('nat masquerade network with a newline', [
      'nat',
      'masquerade',
      'add',
      `10.0.3.0/24\nflush ruleset @M`,
      '--run-dir',
      '@DIR/run',
      '--dry-run',
    ]),
    refused('nat masquerade --oif with a quote', [
      'nat',
      'masquerade',
      'add',
      '10.0.3.0/24',
      '--oif',
      'eth0" accept @M',
      '--run-dir',
      '@DIR/run',
      '--dry-run',
    ]),
    refused('nat masquerade --oif all', [
      'nat',
      'masquerade',
      'add',
      '10.0.3.0/24',
      '--oif',
      'all',
      '--run-dir',
      '@DIR/run',
      '--dry-run',
    ]),
    refused('shim --name with a newline (ip -batch line)', [
      'shim',
      'ensure',
      '--parent',
      'br0',
      '--name',
      `s0\nlink del br0 @M`,
      '--address',
      '10.0.5.1/24',
      '--run-dir',
      '@DIR/run',
    ]),
    refused('shim --parent all', [
      'shim',
      'ensure',
      '--parent',
      'all',
      '--name',
      's0',
      '--address',
      '10.0.5.1/24',
      '--run-dir',
      '@DIR/run',
    ]),
    refused('shim --address with a newline', [
      'shim',
      'ensure',
      '--parent',
      'br0',
      '--name',
      's0',
      '--address',
      `10.0.5.1/24\nlink del br0 @M`,
      '--run-dir',
      '@DIR/run',
    ]),
    refused('bridge name with a newline', ['bridge', 'ensure', `br9\nlink del br0 @M`, '--run-dir', '@DIR/run']),
    refused('bridge --address with a newline', [
      'bridge',
      'ensure',
      'br9',
      '--address',
      `10.0.6.1/24\nlink del br0 @M`,
      '--run-dir',
      '@DIR/run',
    ]),
    refused('bridge --ovs-datapath with a word', [
      'bridge',
      'ensure',
      'br9',
      '--ovs',
      '--ovs-datapath',
      'netdev other_config:x=@M',
      '--run-dir',
      '@DIR/run',
    ]),
  ];
}

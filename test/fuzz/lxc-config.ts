/**
 * Property-based fuzzing of the LXC config parser (lib/runtimes/lxc/lxc-config.ts), seeded so failures
 * replay, the same properties as test/fuzz/parsers.ts for the OpenVZ one:
 * - any text (and any text behind lxc.include): parse -> section -> plan either works or
 *   throws a CtnetError (never anything else, never a message of two lines), and every
 *   command line the plan would run is made of safe tokens only;
 * - valid sections written in any spelling LXC accepts (spaces around "=", comments, blank
 *   lines, CRLF, LXC 1.x/2.x lxc.network.* keys, includes) parse back to the same section.
 */
import t from 'tap';
import { parseLxcConfig, type IncludeReader } from '../../lib/runtimes/lxc/lxc-config.js';
import type { LxcNetEvent } from '../../lib/runtimes/lxc/lxc-event.js';
import { planLxcUp } from '../../lib/plan/plan-lxc-up.js';
import { sectionView } from '../../lib/runtimes/lxc/section-view.js';
import type { LinkState } from '../../lib/observe/link-state.js';
import { withPrefix } from '../../lib/request/ip-address.js';
import { seededRandom } from '../lab/seeded-random.js';
import { mutator, PlanTally } from '../lab/fuzz-kit.js';

const F = '/var/lib/lxc/c1/config';
const rand = seededRandom(20261203);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (n: number): number => Math.floor(rand() * n);

const KEYS = [
  'lxc.net.0.type',
  'lxc.net.0.link',
  'lxc.net.0.name',
  'lxc.net.0.veth.pair',
  'lxc.net.0.mtu',
  'lxc.net.0.ipv4.address',
  'lxc.net.0.ipv6.address',
  'lxc.net.0.ipv4.gateway',
  'lxc.net.0.ipv6.gateway',
  'lxc.net.0.script.up',
  'lxc.net.0.flags',
  'lxc.net.1.type',
  'lxc.net.1.link',
  'lxc.net.9999.type',
  'lxc.net',
  'lxc.network.type',
  'lxc.network.link',
  'lxc.network.ipv4',
  'lxc.network.veth.pair',
  'lxc.include',
  'lxc.hook.version',
  'lxc.uts.name',
  'lxc.net.x.type',
];
const ATOMS = [
  'veth',
  'macvlan',
  'empty',
  'br0',
  'sw0',
  'vethA',
  'eth0',
  '10.0.0.5',
  '/24',
  '/32',
  '2001:db8::5',
  '/64',
  'fe80::1',
  'auto',
  'dev',
  '1500',
  '0',
  '99999',
  ' ',
  '=',
  '#',
  '"',
  "'",
  '\\',
  '$(',
  ')',
  '`',
  ';',
  '|',
  '&',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\ufeff',
  '\u202e',
  'é',
  '-',
  '--dry-run',
  'all',
  'default',
  '.',
  '..',
  '/',
  'x'.repeat(20),
  '10.0.0.255',
  'up',
  'inc.conf',
  '/etc/inc',
  '1',
];

function randomValue(): string {
  let v = '';
  for (let j = int(6); j >= 0; j--) v += pick(ATOMS);
  return v;
}

function randomText(): string {
  const lines: string[] = [];
  for (let i = int(10); i >= 0; i--)
    lines.push(rand() < 0.85 ? `${pick(KEYS)}${pick([' = ', '=', ' =', '  =  '])}${randomValue()}` : randomValue());
  return lines.join(pick(['\n', '\r\n']));
}

/** Any include target reads as random text, a directory of two random files, or nothing. */
const randomIncludes: IncludeReader = (target) => {
  const r = rand();
  if (r < 0.2) return undefined;
  if (r < 0.4)
    return [
      { file: `${target}/a.conf`, text: randomText() },
      { file: `${target}/b.conf`, text: randomText() },
    ];
  return [{ file: target, text: randomText() }];
};

const veth: LinkState = {
  name: 'vethA',
  exists: true,
  mtu: 1500,
  mac: 'fe:ff:ff:ff:ff:ff',
  macFixed: false,
  isLinuxBridge: false,
  up: false,
};
const bridge = (name: string): LinkState => ({
  name,
  exists: true,
  mtu: 1400,
  mac: '02:00:00:00:00:01',
  macFixed: false,
  isLinuxBridge: true,
  up: true,
});

const mutate = mutator(ATOMS, int, pick);

/** Letters, digits and the punctuation of names, addresses and ids; single spaces between. */
const SAFE_LINE = /^[A-Za-z0-9_.:/@=,"-]+( [A-Za-z0-9_.:/@=,"-]+)*$/;

t.test('any text: a section and safe commands, or a one-line CtnetError', async (t) => {
  const tally = new PlanTally(SAFE_LINE);
  for (let i = 0; i < 3000; i++) {
    const text = i % 2 ? randomText() : mutate(render(randomSection()).text);
    const routed = rand() < 0.3;
    const ev: LxcNetEvent = {
      name: 'c1',
      phase: 'up',
      type: 'veth',
      device: 'vethA',
      hookVersion: 0,
      configFile: F,
      ...(rand() < 0.5 ? { link: 'br0' } : {}),
    };
    try {
      const cfg = parseLxcConfig(text, F, randomIncludes);
      const section = sectionView(cfg, ev, { link: !routed, addresses: true }, () => undefined);
      const plan = planLxcUp({
        ev: routed ? { ...ev, link: undefined } : ev,
        opts: { routed, forwards: [] },
        section,
        veth,
        bridge: bridge(section.link ?? 'br0'),
        bridgeKind: rand() < 0.5 ? 'linux' : 'ovs',
      });
      tally.plan(text, plan);
    } catch (e) {
      if (!tally.refusal(t, text, e)) return;
    }
  }
  tally.assert(t);
});

function randomSection() {
  const v4 = () => `10.${int(256)}.${int(256)}.${1 + int(254)}`;
  const v6 = () => `2001:db8:${int(65536).toString(16)}::${(1 + int(65534)).toString(16)}`;
  return {
    link: pick(['br0', 'sw0', 'lxcbr0', 'br-lan', 'br.5']),
    name: pick(['eth0', 'eth1', 'net0']),
    pair: pick(['vethA', 'veth-c1', 'vc1_0']),
    mtu: pick([1500, 1450, 9000]),
    ipv4: [...new Set(Array.from({ length: int(4) }, () => `${v4()}/${pick([24, 32, 16])}`))],
    ipv6: [...new Set(Array.from({ length: int(3) }, () => `${v6()}/${pick([64, 128])}`))],
  };
}

/** The section in one of the spellings LXC accepts; part of it in an include file sometimes. */
function render(m: ReturnType<typeof randomSection>): { text: string; include?: string } {
  const legacy = rand() < 0.3;
  const k = (key: string) =>
    legacy
      ? `lxc.network.${key === 'ipv4.address' ? 'ipv4' : key === 'ipv6.address' ? 'ipv6' : key}`
      : `lxc.net.0.${key}`;
  const eq = () => pick([' = ', '=', ' =', '=  ', '\t=\t']);
  const lines = [
    `${k('type')}${eq()}veth`,
    `${k('link')}${eq()}${m.link}`,
    `${k('name')}${eq()}${m.name}`,
    `${k('veth.pair')}${eq()}${m.pair}`,
    `${k('mtu')}${eq()}${m.mtu}`,
    ...m.ipv4.map((a) => `${k('ipv4.address')}${eq()}${a}${rand() < 0.3 ? ' 10.255.255.255' : ''}`),
    ...m.ipv6.map((a) => `${k('ipv6.address')}${eq()}${a}`),
  ].map((l) => (rand() < 0.3 ? `${' '.repeat(int(3))}${l}${' '.repeat(int(3))}` : l));
  for (let i = int(3); i > 0; i--)
    lines.splice(
      1 + int(lines.length),
      0,
      pick(['# comment', '', '   ', '# lxc.net.0.link = evil', 'lxc.apparmor.profile = unconfined']),
    );
  let include: string | undefined;
  if (!legacy && rand() < 0.3) {
    include = lines.splice(1).join('\n');
    lines.push('lxc.include = /etc/lxc/inc.conf');
  }
  return {
    text: `lxc.uts.name = c1\n${lines.join(pick(['\n', '\r\n']))}\n`,
    ...(include !== undefined ? { include } : {}),
  };
}

t.test('valid sections in any accepted spelling parse back to themselves', async (t) => {
  let bad = 0;
  for (let i = 0; i < 2000; i++) {
    const m = randomSection();
    const { text, include } = render(m);
    const cfg = parseLxcConfig(text, F, (target) =>
      include !== undefined && target === '/etc/lxc/inc.conf' ? [{ file: target, text: include }] : undefined,
    );
    const s = cfg.sections[0];
    const got = s && {
      link: s.link,
      name: s.name,
      pair: s.vethPair,
      mtu: s.mtu,
      ipv4: s.ipv4.map(withPrefix),
      ipv6: s.ipv6.map(withPrefix),
    };
    if (JSON.stringify(got) !== JSON.stringify(m) && bad++ < 3) t.same(got, m, JSON.stringify(text));
  }
  t.equal(bad, 0, '2000 round trips');
});

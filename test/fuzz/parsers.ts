/**
 * Property-based fuzzing of the config parsers (seeded, so failures replay):
 * - any text: parse -> model -> plan either works or throws a CtnetError (never anything
 *   else), and every command line the plan would run is made of safe tokens only;
 * - valid models written in any of vzctl's accepted spellings (quotes, spaces, comments,
 *   CRLF, BOM, escapes, later duplicates) parse back to the same model;
 * - an address the parser accepts prints back to itself;
 * - the record and NAT state loaders answer any text with data or a one-line reason, and the
 *   commands a down rebuilds from an accepted record only remove ctnet-marked objects.
 */
import t from 'tap';
import { buildCtNetwork } from '../../lib/request/ct-network.js';
import { parseVzConf } from '../../lib/runtimes/openvz/vz-conf.js';
import type { LinkState } from '../../lib/observe/link-state.js';
import { parseIpAddr, withPrefix } from '../../lib/request/ip-address.js';
import { planVethUp } from '../../lib/plan/veth-up.js';
import { seededRandom } from '../lab/seeded-random.js';
import { mutator, PlanTally } from '../lab/fuzz-kit.js';
import { teardownSteps } from '../../lib/plan/teardown-entry.js';
import { parseNatState, parseRecord } from '../../lib/state/record-schema.js';
import { describeNat } from '../../lib/setups/nat/nat-entry.js';

const F = '/etc/vz/conf/101.conf';
const rand = seededRandom(20261123);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (n: number): number => Math.floor(rand() * n);

const KEYS = [
  'NETIF',
  'VETH_IP_ADDRESS',
  'CT0_IP',
  'VE_DEFAULT_GATEWAY',
  'VE_DEFAULT_GATEWAY6',
  'BRIDGEDEV',
  'VETH_VLAN',
  'VETH_IP_ADDRESS_eth1',
  'BRIDGEDEV_eth1',
  'FOO',
];
const ATOMS = [
  'eth0',
  'eth1',
  'br0',
  'veth101.0',
  'ifname=',
  'host_ifname=',
  'bridge=',
  'mac=',
  ',',
  ';',
  '=',
  ' ',
  '"',
  "'",
  '\\',
  '#',
  '10.0.0.5',
  '/24',
  '/32',
  '2001:db8::5',
  '/64',
  '::',
  'fe80::1',
  '255.255.255.0',
  '0',
  '4094',
  '$(',
  ')',
  '`',
  '|',
  '&',
  '>',
  '\n',
  '\r',
  '\t',
  '\u0000',
  '\ufeff',
  '\u202e',
  'é',
  'x'.repeat(20),
  '00:18:51:aa:bb:cc',
  'type=routed',
  'vport=ovs',
  'network=n1',
  '-',
  '.',
  '@',
];

function randomText(): string {
  const lines: string[] = [];
  for (let i = int(8); i >= 0; i--) {
    let v = '';
    for (let j = int(10); j >= 0; j--) v += pick(ATOMS);
    lines.push(rand() < 0.85 ? `${pick(KEYS)}=${rand() < 0.5 ? `"${v}"` : v}` : v);
  }
  return lines.join(pick(['\n', '\r\n']));
}

const veth: LinkState = {
  name: 'veth101.0',
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

/** Letters, digits and the punctuation of names, addresses and MACs; single spaces between. */
const SAFE_LINE = /^[A-Za-z0-9_.:/@=-]+( [A-Za-z0-9_.:/@=,-]+)*$/;

t.test('any text: a model and safe commands, or a CtnetError', async (t) => {
  const tally = new PlanTally(SAFE_LINE);
  for (let i = 0; i < 3000; i++) {
    const text = i % 2 ? randomText() : mutate(render(randomModel()));
    try {
      const net = buildCtNetwork('101', parseVzConf(text, F).values);
      for (const iface of net.interfaces) {
        const plan = planVethUp({
          veid: '101',
          iface,
          veth: { ...veth, name: iface.hostIfname },
          ...(iface.bridge
            ? { bridgeName: iface.bridge.name, bridgeFrom: iface.bridge.from, bridge: bridge(iface.bridge.name) }
            : {}),
        });
        tally.plan(text, plan);
      }
    } catch (e) {
      if (!tally.refusal(t, text, e)) return;
    }
  }
  tally.assert(t);
});

function randomModel() {
  const v4 = () => `10.${int(256)}.${int(256)}.${1 + int(254)}`;
  const v6 = () => `2001:db8:${int(65536).toString(16)}::${(1 + int(65534)).toString(16)}`;
  const addresses = Array.from({ length: 1 + int(5) }, () =>
    rand() < 0.6 ? `${v4()}/${pick([24, 32, 16])}` : `${v6()}/${pick([64, 128])}`,
  );
  return {
    ifname: pick(['eth0', 'eth1', 'net0', 'e_1']),
    bridge: pick(['br0', 'vmbr1', 'br-lan', 'br.5']),
    addresses: [...new Set(addresses)],
    ct0: v4(),
  };
}

function render(m: ReturnType<typeof randomModel>): string {
  const q = (v: string): string => pick([`"${v}"`, `'${v}'`, v.includes(' ') ? `"${v}"` : v]);
  const lines = [
    `NETIF=${q(`ifname=${m.ifname},host_ifname=veth101.0`)}`,
    `VETH_IP_ADDRESS_${m.ifname}=${q(m.addresses.join(pick([' ', '  ', '\t'])))}`,
    `CT0_IP_${m.ifname}=${q(m.ct0)}`,
    `BRIDGEDEV=${q(m.bridge)}`,
  ].map((l) => (rand() < 0.3 ? `${' '.repeat(int(3))}${l}${' '.repeat(int(3))}` : l));
  for (let i = int(3); i > 0; i--)
    lines.splice(int(lines.length + 1), 0, pick(['# comment', '', '   ', `# BRIDGEDEV="evil"`, 'JUNK_LINE']));
  lines.push(`BRIDGEDEV="br9; touch /tmp/x"`); // a later duplicate never wins
  let text = lines.join(pick(['\n', '\r\n']));
  if (rand() < 0.3) text = `\ufeff${text}`;
  return text;
}

t.test('valid models in any accepted spelling parse back to themselves', async (t) => {
  let bad = 0;
  for (let i = 0; i < 2000; i++) {
    const m = randomModel();
    const text = render(m);
    const iface = buildCtNetwork('101', parseVzConf(text, F).values).interfaces[0]!;
    const got = {
      ifname: iface.ifname,
      bridge: iface.bridge?.name,
      addresses: iface.addresses.map(withPrefix),
      ct0: iface.ct0Ips[0]?.address,
    };
    const want = { ...m, addresses: m.addresses.map((a) => withPrefix(parseIpAddr(a) as never)) };
    if (JSON.stringify(got) !== JSON.stringify(want) && bad++ < 3) t.same(got, want, JSON.stringify(text));
  }
  t.equal(bad, 0, '2000 round trips');
});

t.test('an accepted address prints back to itself', async (t) => {
  const parts = [
    '1',
    '10',
    '255',
    '256',
    '0',
    '::',
    ':',
    '.',
    '/',
    'ff',
    'g',
    '%',
    '-1',
    '32',
    '128',
    '2001',
    'db8',
    ' ',
  ];
  let accepted = 0;
  for (let i = 0; i < 20000; i++) {
    let tok = '';
    for (let j = int(9); j >= 0; j--) tok += pick(parts);
    const a = parseIpAddr(tok);
    if (typeof a === 'string') continue;
    accepted++;
    const again = parseIpAddr(withPrefix(a));
    if (JSON.stringify(again) !== JSON.stringify(a))
      t.fail(`${JSON.stringify(tok)} -> ${withPrefix(a)} -> ${JSON.stringify(again)}`);
    if (!/^[0-9a-f.:]+\/\d+$/.test(withPrefix(a))) t.fail(`${JSON.stringify(tok)} printed as ${withPrefix(a)}`);
  }
  t.ok(accepted > 50, `${accepted} random tokens accepted and checked`);
});

// ---- the record loader (lib/state/record-schema.ts): whatever is on disk ----

const VALUES: unknown[] = [
  '10.0.0.31',
  '2001:db8::5',
  '10.0.0.0/8',
  '0.0.0.0',
  'ff02::1',
  'br0',
  'veth101.0',
  'all',
  'lo',
  '-x',
  'br0 x',
  'a\nb',
  '../../tmp/x',
  'vz:101',
  'vz:102',
  'vz-101',
  'vz-102',
  'lxc:c1',
  '',
  'x'.repeat(40),
  'route',
  'proxy-neigh',
  'ovs-port',
  'nat',
  'host-batch',
  'sysctl',
  'forward',
  'masquerade',
  'tcp',
  'udp',
  'icmp',
  '10.0.3.0/24',
  0,
  1,
  4,
  6,
  80,
  200,
  -1,
  1.5,
  65536,
  2 ** 32,
  1e300,
  null,
  true,
  [],
  {},
  { kind: 'route' },
  '__proto__',
  'constructor',
  '\u202e',
  '$(touch /tmp/x)',
];
const KEYS_R = [
  'kind',
  'address',
  'dev',
  'metric',
  'port',
  'owner',
  'entries',
  'type',
  'proto',
  'hostPort',
  'to',
  'toPort',
  'family',
  'network',
  'oif',
  'lines',
  'key',
  'cmd',
];

function validEntry(): Record<string, unknown> {
  return pick<Record<string, unknown>>([
    { kind: 'route', address: '10.0.0.31', dev: 'br0' },
    { kind: 'route', address: '2001:db8::5', dev: 'veth101.0', metric: 200 },
    { kind: 'proxy-neigh', address: '10.0.0.31', dev: 'up0' },
    { kind: 'ovs-port', port: 'veth101.0', owner: 'vz:101' },
    {
      kind: 'nat',
      owner: 'vz-101',
      entries: [{ type: 'forward', proto: 'tcp', hostPort: 8025, to: '10.0.0.31', toPort: 80, family: 4 }],
    },
  ]);
}

/** A valid record with one to three random changes: a value replaced, a key dropped or added, an entry or part added. */
function mutatedRecord(): string {
  const parts: Record<string, unknown[]> = { 'veth101.0': [validEntry(), validEntry()] };
  const r: Record<string, unknown> = { version: 2, subject: 'CT 101', parts };
  for (let i = int(3); i >= 0; i--) {
    const entries = parts['veth101.0']!;
    const objects = entries.filter(
      (x): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x),
    );
    const e = objects[int(objects.length)] ?? {};
    switch (int(6)) {
      case 0:
        e[pick(Object.keys(e))] = pick(VALUES);
        break;
      case 1:
        delete e[pick(Object.keys(e))];
        break;
      case 2:
        e[pick(KEYS_R)] = pick(VALUES);
        break;
      case 3:
        entries.push(pick(VALUES));
        break;
      case 4:
        parts[String(pick(VALUES))] = [validEntry()];
        break;
      default:
        r[pick(['version', 'subject', 'parts', 'extra'])] = pick(VALUES);
    }
  }
  const text = JSON.stringify(r);
  return rand() < 0.1 ? text.slice(0, int(text.length)) : text;
}

t.test(
  'record loader: a record or a one-line reason (never a throw); commands from an accepted record are safe',
  async (t) => {
    let accepted = 0;
    let refused = 0;
    const unsafe: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const text = i % 10 === 0 ? randomText() : mutatedRecord();
      let r: ReturnType<typeof parseRecord>;
      try {
        r = parseRecord(text, 'vz-101');
      } catch (e) {
        t.fail(`threw for ${JSON.stringify(text)}: ${String(e)}`);
        return;
      }
      if (typeof r === 'string') {
        refused++;
        if (r.includes('\n')) unsafe.push(`multi-line reason: ${JSON.stringify(r)}`);
        continue;
      }
      accepted++;
      for (const [part, entries] of Object.entries(r.parts)) {
        if (!SAFE_LINE.test(part)) unsafe.push(`part ${JSON.stringify(part)}`);
        for (const s of teardownSteps(entries)) {
          if (s.kind === 'host-batch')
            for (const l of s.lines)
              if (!SAFE_LINE.test(l.cmd) || !/ proto 213( metric \d+)?$|^neigh (replace|del) proxy /.test(l.cmd))
                unsafe.push(l.cmd);
          if (s.kind === 'ovs-port' && (s.op !== 'remove' || s.owner !== 'vz:101' || !SAFE_LINE.test(s.port)))
            unsafe.push(JSON.stringify(s));
          if (s.kind === 'nft' && (s.owner !== 'vz-101' || s.op !== 'remove')) unsafe.push(JSON.stringify(s));
          if (s.kind !== 'host-batch' && s.kind !== 'ovs-port' && s.kind !== 'nft') unsafe.push(`kind ${s.kind}`);
        }
      }
    }
    t.same(unsafe.slice(0, 5), [], 'only ctnet-marked removals of safe names, one-line reasons');
    t.ok(accepted > 200 && refused > 1000, `both outcomes exercised (${accepted} accepted, ${refused} refused)`);
  },
);

t.test('NAT state loader: a state or a reason, never a throw', async (t) => {
  let accepted = 0;
  for (let i = 0; i < 3000; i++) {
    const e: Record<string, unknown> = {
      type: 'forward',
      proto: 'tcp',
      hostPort: 8025,
      to: '10.0.0.31',
      toPort: 80,
      family: 4,
    };
    if (rand() < 0.6) for (let j = int(3); j >= 0; j--) e[pick(KEYS_R)] = pick(VALUES);
    const text = JSON.stringify({ version: 1, owners: { [rand() < 0.8 ? 'vz-101' : String(pick(VALUES))]: [e] } });
    const s = parseNatState(text);
    if (typeof s !== 'string') {
      accepted++;
      for (const [owner, list] of Object.entries(s.owners))
        for (const x of list)
          if (!SAFE_LINE.test(`${owner} ${describeNat(x)}`.replace(/[[\]>]/g, '')))
            t.fail(`unsafe: ${JSON.stringify(x)}`);
    }
  }
  t.ok(accepted > 500, `${accepted} accepted`);
});

/**
 * Property-based fuzzing of the config parsers (seeded, so failures replay):
 * - any text: parse -> model -> plan either works or throws a CtnetError (never anything
 *   else), and every command line the plan would run is made of safe tokens only;
 * - valid models written in any of vzctl's accepted spellings (quotes, spaces, comments,
 *   CRLF, BOM, escapes, later duplicates) parse back to the same model;
 * - an address the parser accepts prints back to itself.
 */
import t from 'tap';
import { buildCtNetwork } from '../../lib/config/ct-network.js';
import { parseVzConf } from '../../lib/config/vz-conf.js';
import { CtnetError } from '../../lib/errors.js';
import type { LinkState } from '../../lib/net/link-state.js';
import { parseIpAddr, withPrefix } from '../../lib/net/ip-address.js';
import { planVethUp } from '../../lib/plan/veth-up.js';
import type { Plan, Step } from '../../lib/plan/plan.js';
import { seededRandom } from '../lab/seeded-random.js';
import { ovsPortCommands } from '../../lib/ovs/ovs-port-plan.js';
import { teardownSteps } from '../../lib/plan/teardown-entry.js';

const F = '/etc/vz/conf/101.conf';
const rand = seededRandom(20261123);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (n: number): number => Math.floor(rand() * n);

const KEYS = ['NETIF', 'VETH_IP_ADDRESS', 'CT0_IP', 'VE_DEFAULT_GATEWAY', 'VE_DEFAULT_GATEWAY6', 'BRIDGEDEV', 'VETH_VLAN', 'VETH_IP_ADDRESS_eth1', 'BRIDGEDEV_eth1', 'FOO'];
const ATOMS = ['eth0', 'eth1', 'br0', 'veth101.0', 'ifname=', 'host_ifname=', 'bridge=', 'mac=', ',', ';', '=', ' ', '"', "'", '\\', '#',
  '10.0.0.5', '/24', '/32', '2001:db8::5', '/64', '::', 'fe80::1', '255.255.255.0', '0', '4094', '$(', ')', '`', '|', '&', '>', '\n', '\r', '\t',
  '\u0000', '\ufeff', '\u202e', 'é', 'x'.repeat(20), '00:18:51:aa:bb:cc', 'type=routed', 'vport=ovs', 'network=n1', '-', '.', '@'];

function randomText(): string {
  const lines: string[] = [];
  for (let i = int(8); i >= 0; i--) {
    let v = '';
    for (let j = int(10); j >= 0; j--) v += pick(ATOMS);
    lines.push(rand() < 0.85 ? `${pick(KEYS)}=${rand() < 0.5 ? `"${v}"` : v}` : v);
  }
  return lines.join(pick(['\n', '\r\n']));
}

const veth: LinkState = { name: 'veth101.0', exists: true, mtu: 1500, mac: 'fe:ff:ff:ff:ff:ff', macFixed: false, isLinuxBridge: false, up: false };
const bridge = (name: string): LinkState => ({ name, exists: true, mtu: 1400, mac: '02:00:00:00:00:01', macFixed: false, isLinuxBridge: true, up: true });

function commandLines(plan: Plan): string[] {
  const of = (s: Step): string[] => {
    switch (s.kind) {
      case 'host-batch': return s.lines.flatMap((l) => [l.cmd, ...(l.undo ? [l.undo] : [])]);
      case 'ct-batch': return [...s.lines, ...(s.undo ?? []).filter((u) => u !== '')]; // '' = nothing to undo
      case 'ovs': return [...s.commands, ...(s.undo ?? [])].map((c) => c.join(' '));
      case 'ovs-port': return ovsPortCommands(s).map((c) => c.join(' ')); // the equivalent ovs-vsctl text of its values
      case 'sysctl': return [`${s.key} ${s.value}`];
      case 'nft': return []; // NAT entries are structured data handed to nft, not command text
    }
  };
  return [...plan.steps, ...teardownSteps(plan.teardown)].flatMap(of);
}

/** Letters, digits and the punctuation of names, addresses and MACs; single spaces between. */
const SAFE_LINE = /^[A-Za-z0-9_.:/@=-]+( [A-Za-z0-9_.:/@=,-]+)*$/;

t.test('any text: a model and safe commands, or a CtnetError', async (t) => {
  let planned = 0;
  let refused = 0;
  const unsafe: string[] = [];
  const multiline: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const text = i % 2 ? randomText() : mutate(render(randomModel()));
    try {
      const net = buildCtNetwork('101', parseVzConf(text, F).values);
      for (const iface of net.interfaces) {
        const plan = planVethUp({ veid: '101', iface, veth: { ...veth, name: iface.hostIfname },
          ...(iface.bridge ? { bridgeName: iface.bridge.name, bridgeFrom: iface.bridge.from, bridge: bridge(iface.bridge.name) } : {}) });
        planned++;
        for (const l of commandLines(plan)) if (!SAFE_LINE.test(l)) unsafe.push(`${JSON.stringify(text)} -> ${JSON.stringify(l)}`);
      }
    } catch (e) {
      if (!(e instanceof CtnetError)) {
        t.fail(`not a CtnetError for ${JSON.stringify(text)}: ${String(e)}`);
        return;
      }
      if (e.message.includes('\n')) multiline.push(JSON.stringify(e.message));
      refused++;
    }
  }
  t.same(unsafe.slice(0, 5), [], 'every planned command line is made of safe tokens');
  t.same(multiline.slice(0, 5), [], 'every refusal is one line');
  t.ok(planned > 100 && refused > 100, `both outcomes exercised (${planned} plans, ${refused} refusals)`);
});

/** A valid config with one to three random atoms dropped in at random places. */
function mutate(text: string): string {
  let out = text;
  for (let i = int(3); i >= 0; i--) {
    const at = int(out.length + 1);
    out = `${out.slice(0, at)}${pick(ATOMS)}${out.slice(at)}`;
  }
  return out;
}

function randomModel() {
  const v4 = () => `10.${int(256)}.${int(256)}.${1 + int(254)}`;
  const v6 = () => `2001:db8:${int(65536).toString(16)}::${(1 + int(65534)).toString(16)}`;
  const addresses = Array.from({ length: 1 + int(5) }, () => (rand() < 0.6 ? `${v4()}/${pick([24, 32, 16])}` : `${v6()}/${pick([64, 128])}`));
  return { ifname: pick(['eth0', 'eth1', 'net0', 'e_1']), bridge: pick(['br0', 'vmbr1', 'br-lan', 'br.5']), addresses: [...new Set(addresses)], ct0: v4() };
}

function render(m: ReturnType<typeof randomModel>): string {
  const q = (v: string): string => pick([`"${v}"`, `'${v}'`, v.includes(' ') ? `"${v}"` : v]);
  const lines = [
    `NETIF=${q(`ifname=${m.ifname},host_ifname=veth101.0`)}`,
    `VETH_IP_ADDRESS_${m.ifname}=${q(m.addresses.join(pick([' ', '  ', '\t'])))}`,
    `CT0_IP_${m.ifname}=${q(m.ct0)}`,
    `BRIDGEDEV=${q(m.bridge)}`,
  ].map((l) => (rand() < 0.3 ? `${' '.repeat(int(3))}${l}${' '.repeat(int(3))}` : l));
  for (let i = int(3); i > 0; i--) lines.splice(int(lines.length + 1), 0, pick(['# comment', '', '   ', `# BRIDGEDEV="evil"`, 'JUNK_LINE']));
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
    const got = { ifname: iface.ifname, bridge: iface.bridge?.name, addresses: iface.addresses.map(withPrefix), ct0: iface.ct0Ips[0]?.address };
    const want = { ...m, addresses: m.addresses.map((a) => withPrefix(parseIpAddr(a) as never)) };
    if (JSON.stringify(got) !== JSON.stringify(want) && bad++ < 3) t.same(got, want, JSON.stringify(text));
  }
  t.equal(bad, 0, '2000 round trips');
});

t.test('an accepted address prints back to itself', async (t) => {
  const parts = ['1', '10', '255', '256', '0', '::', ':', '.', '/', 'ff', 'g', '%', '-1', '32', '128', '2001', 'db8', ' '];
  let accepted = 0;
  for (let i = 0; i < 20000; i++) {
    let tok = '';
    for (let j = int(9); j >= 0; j--) tok += pick(parts);
    const a = parseIpAddr(tok);
    if (typeof a === 'string') continue;
    accepted++;
    const again = parseIpAddr(withPrefix(a));
    if (JSON.stringify(again) !== JSON.stringify(a)) t.fail(`${JSON.stringify(tok)} -> ${withPrefix(a)} -> ${JSON.stringify(again)}`);
    if (!/^[0-9a-f.:]+\/\d+$/.test(withPrefix(a))) t.fail(`${JSON.stringify(tok)} printed as ${withPrefix(a)}`);
  }
  t.ok(accepted > 50, `${accepted} random tokens accepted and checked`);
});

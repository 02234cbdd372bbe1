/**
 * guardPrimary: what each CTNET_PRIMARY_GUARD does with bgpd's answer, and that an FRR which
 * cannot be asked never stops an up. vtysh is a stand-in script here (argv and answers); the
 * proof against real FRR is test/integration/frr-bgp.ts.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CtInterface } from '../../lib/config/ct-network.js';
import { guardPrimary, VTYSH_TIMEOUT_MS } from '../../lib/frr/guard-primary.js';
import { parseIpAddr, type IpAddr } from '../../lib/net/ip-address.js';

const captured = fs.readFileSync(new URL('../fixtures/frr/bgp-route-primary-elsewhere.json', import.meta.url), 'utf8');
const iface = (over: Partial<CtInterface> = {}): CtInterface => ({
  ifname: 'eth0', hostIfname: 'veth132.0', addresses: [parseIpAddr('203.0.113.32/32') as IpAddr], ct0Ips: [],
  netif: {} as CtInterface['netif'], from: {}, primaryGuard: 'refuse', ...over,
});

function fakeVtysh(t: Test, script: string): { argv: string[]; log: string[]; argsFile: string } {
  const dir = t.testdir({});
  const file = path.join(dir, 'vtysh');
  const argsFile = path.join(dir, 'args');
  fs.writeFileSync(path.join(dir, 'answer.json'), captured);
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s\\n' "$@" > ${argsFile}\n${script.replaceAll('DIR', dir)}\n`, { mode: 0o755 });
  return { argv: [file, '-N', 'lab'], log: [], argsFile };
}

t.test('refuse: one line naming the node, the question asked through vtysh -N', async (t) => {
  const f = fakeVtysh(t, 'cat DIR/answer.json');
  await t.rejects(guardPrimary('CT 132', iface(), { vtysh: f.argv, log: (l) => f.log.push(l) }),
    { code: 'E_CONFLICT', message: 'CT 132: 203.0.113.32 is already announced as primary by AS 4200000011 (via tor1, tor2); refusing to announce it as primary too (CTNET_PRIMARY_GUARD=refuse)' });
  t.same(fs.readFileSync(f.argsFile, 'utf8').split('\n').filter(Boolean), ['-N', 'lab', '-c', 'show bgp ipv4 unicast 203.0.113.32/32 json']);
});

t.test('demote: the interface comes up as a spare, with a log line', async (t) => {
  const f = fakeVtysh(t, 'cat DIR/answer.json');
  const out = await guardPrimary('CT 132', iface({ primaryGuard: 'demote', announce: 'primary' }), { vtysh: f.argv, log: (l) => f.log.push(l) });
  t.equal(out.announce, 'spare');
  t.match(f.log, [/comes up as a spare \(CTNET_PRIMARY_GUARD=demote\)/]);
});

t.test('nobody else: unchanged; no guard, spare or anycast: nothing asked', async (t) => {
  const f = fakeVtysh(t, "printf '{\\n}\\n'");
  t.same(await guardPrimary('CT 132', iface(), { vtysh: f.argv, log: (l) => f.log.push(l) }), iface());
  fs.rmSync(f.argsFile);
  for (const over of [{ primaryGuard: undefined }, { announce: 'spare' as const }, { announce: 'anycast' as const }]) {
    const i = iface(over);
    t.equal(await guardPrimary('CT 132', i, { vtysh: f.argv, log: (l) => f.log.push(l) }), i);
  }
  t.notOk(fs.existsSync(f.argsFile), 'vtysh never ran');
});

t.test('FRR cannot be asked: the up goes on with a note, within the timeout', async (t) => {
  for (const [name, script] of [['not running', "echo 'Exiting: failed to connect to any daemons.'; exit 1"], ['bgpd not running', "echo '% bgpd is not running'"], ['hangs', 'exec sleep 30']]) {
    const f = fakeVtysh(t, script);
    const start = performance.now();
    const out = await guardPrimary('CT 132', iface(), { vtysh: f.argv, log: (l) => f.log.push(l) });
    t.same(out, iface(), `${name}: unchanged`);
    t.match(f.log, [/FRR \(bgpd\) did not answer: no primary check for eth0/], `${name}: noted`);
    t.ok(performance.now() - start < VTYSH_TIMEOUT_MS + 2_000, `${name}: no hang`);
  }
  t.same(await guardPrimary('CT 132', iface(), { vtysh: ['/nonexistent/vtysh'], log: () => undefined }), iface(), 'vtysh not installed');
});

t.test('CTNET_PRIMARY_GUARD in the CT config: per interface, off, and a bad value named', async (t) => {
  const { buildCtNetwork } = await import('../../lib/config/ct-network.js');
  const { parseVzConf } = await import('../../lib/config/vz-conf.js');
  const net = (text: string) => buildCtNetwork('101', parseVzConf(`NETIF="ifname=eth0,host_ifname=veth101.0;ifname=eth1,host_ifname=veth101.1"\n${text}`, '/etc/vz/conf/101.conf').values);
  t.same(net('').interfaces.map((i) => i.primaryGuard), [undefined, undefined], 'unset: nothing asked');
  t.same(net('CTNET_PRIMARY_GUARD=Refuse\nCTNET_PRIMARY_GUARD_eth1=demote').interfaces.map((i) => i.primaryGuard), ['refuse', 'demote']);
  t.same(net('CTNET_PRIMARY_GUARD=refuse\nCTNET_PRIMARY_GUARD_eth1=off').interfaces.map((i) => i.primaryGuard), ['refuse', undefined]);
  t.throws(() => net('CTNET_PRIMARY_GUARD=yes'), /^\/etc\/vz\/conf\/101\.conf:2: CTNET_PRIMARY_GUARD: "yes" is not refuse, demote or off$/);
});

t.test('CTNET_FRR_PATHSPACE: vtysh -N NAME for a plain name only', async (t) => {
  const { vtyshArgv } = await import('../../lib/apply/context.js');
  t.same(vtyshArgv({}), ['vtysh']);
  t.same(vtyshArgv({ CTNET_FRR_PATHSPACE: 'ctnet-b-x1' }), ['vtysh', '-N', 'ctnet-b-x1']);
  t.same(vtyshArgv({ CTNET_FRR_PATHSPACE: '../x' }), ['vtysh'], 'a path is ignored');
  t.same(vtyshArgv({ CTNET_FRR_PATHSPACE: '-c write' }), ['vtysh'], 'an option is ignored');
});

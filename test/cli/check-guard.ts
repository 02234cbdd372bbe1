// not-unit: needs root and the built CLI (ip netns lab, nftables)
/**
 * `ctnet check` on the anti-spoofing filter: a missing chain and an altered one (a rule added,
 * the policy changed) are drift, each asked for by name; `--fix` writes the chain again and
 * the attack is dropped once more. A CT with CTNET_FILTER=off has nothing to report.
 */
import t from 'tap';
import { VzLab } from '../lab/vz-lab.js';
import { CTNET } from '../lab/executables.js';
import { sh } from '../lab/netns.js';
import { hasGuard } from '../lab/attack-frames.js';

const conf = (
  id: string,
  extra = '',
): string => `NETIF="ifname=eth0,mac=02:00:00:00:01:${id.slice(-2)},host_ifname=veth${id}.0"
VETH_IP_ADDRESS="10.0.0.${id.slice(-2)}/24"
BRIDGEDEV="br0"
${extra}`;

const nft = (lab: VzLab, script: string) => sh('ip', ['netns', 'exec', lab.hn, 'nft', '-f', '-'], { input: script });

t.test('missing and altered filters are drift; --fix restores them', async (t) => {
  const lab = await VzLab.create();
  t.teardown(() => lab.cleanup());
  for (const [id, extra] of [
    ['161', ''],
    ['162', ''],
    ['163', 'CTNET_FILTER="off"\n'],
  ] as const) {
    await lab.addCt(id);
    lab.writeCtConf(id, conf(id, extra));
    t.equal((await lab.vznet(id, `veth${id}.0`)).exitCode, 0, `CT ${id} up`);
  }
  const clean = await lab.runHook(CTNET, ['check'], {});
  t.equal(clean.exitCode, 0, `clean after the ups: ${clean.stdout}`);

  await nft(lab, 'delete chain netdev ctnet-guard p-veth161.0\n');
  await nft(lab, 'insert rule netdev ctnet-guard p-veth162.0 ether type ip accept\n');
  const r = await lab.runHook(CTNET, ['check'], {});
  t.equal(r.exitCode, 1);
  t.same(
    r.stdout.trim().split('\n').sort(),
    [
      'CT 161 veth161.0: no anti-spoofing filter (its chain is missing)',
      'CT 162 veth162.0: anti-spoofing filter altered (16 rules do not match the fingerprint ctnet wrote)',
    ],
    'both named; CT 163 (filter off) is not',
  );

  const fix = await lab.runHook(CTNET, ['check', '--fix'], {});
  t.equal(fix.exitCode, 0, fix.stdout);
  t.match(fix.stdout, /fixed: CT 161 veth161.0: re-applied the up plan/);
  t.ok(await hasGuard(lab.hn, 'veth161.0'), 'the chain is back');
  t.equal((await lab.runHook(CTNET, ['check'], {})).exitCode, 0, 'clean again');

  await nft(
    lab,
    'add chain netdev ctnet-guard p-veth161.0 { type filter hook ingress device "veth161.0" priority -500; policy accept; }\n',
  );
  const p = await lab.runHook(CTNET, ['check'], {});
  t.match(
    p.stdout,
    /CT 161 veth161.0: anti-spoofing filter altered \(hook ingress, priority -500, policy accept; want ingress, -500, drop\)/,
  );
  t.equal((await lab.runHook(CTNET, ['check', '--fix'], {})).exitCode, 0, 'policy fixed');
});

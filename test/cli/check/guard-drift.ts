import t from 'tap';
import { guardChainProblem, parseGuardChain, parseGuardTable } from '../../../lib/cli/check/guard-drift.js';
import { guardRules } from '../../../lib/plan/guard/render-guard.js';

const labels = guardRules({
  port: 'v1',
  mac: '02:00:00:00:00:01',
  addresses: [],
  dhcp: false,
  macFilter: true,
  ipFilter: true,
}).map((r) => /comment "([^"]*)"$/.exec(r)![1]!);
const intact = { hook: 'ingress', prio: -500, policy: 'drop', labels };

t.test('an intact chain has no problem; missing, policy, priority, added/removed/relabelled rules do', async (t) => {
  t.equal(guardChainProblem(intact), undefined);
  t.match(guardChainProblem(undefined), /chain is missing/);
  t.match(guardChainProblem({ ...intact, policy: 'accept' }), /policy accept/);
  t.match(guardChainProblem({ ...intact, prio: 0 }), /priority 0/);
  t.match(guardChainProblem({ ...intact, labels: ['', ...labels] }), /do not match the fingerprint/);
  t.match(guardChainProblem({ ...intact, labels: labels.slice(1) }), /do not match/);
  t.match(guardChainProblem({ ...intact, labels: labels.slice(0, -1) }), /do not match/);
  t.match(guardChainProblem({ ...intact, labels: ['x', ...labels.slice(1)] }), /do not match/);
});

t.test('nft -j list chain output', async (t) => {
  const json = JSON.stringify({
    nftables: [
      { metainfo: { version: '1.0.6' } },
      {
        chain: {
          family: 'netdev',
          table: 'ctnet-guard',
          name: 'p-v1',
          handle: 1,
          type: 'filter',
          hook: 'ingress',
          prio: -500,
          policy: 'drop',
        },
      },
      { rule: { chain: 'p-v1', handle: 2, comment: 'source mac', expr: [] } },
      { rule: { chain: 'p-v1', handle: 3, expr: [] } },
    ],
  });
  t.same(parseGuardChain(json), { hook: 'ingress', prio: -500, policy: 'drop', labels: ['source mac', ''] });
});

t.test('nft -j list table output: chains by name, rules to their chain', async (t) => {
  const json = JSON.stringify({
    nftables: [
      { chain: { name: 'p-a', hook: 'ingress', prio: -500, policy: 'drop' } },
      { chain: { name: 'p-b', hook: 'ingress', prio: -500, policy: 'accept' } },
      { rule: { chain: 'p-a', comment: 'x' } },
      { rule: { chain: 'p-b', comment: 'y' } },
      { rule: { chain: 'p-a', comment: 'z' } },
    ],
  });
  const m = parseGuardTable(json);
  t.same([...m.keys()], ['p-a', 'p-b']);
  t.same(m.get('p-a')!.labels, ['x', 'z']);
  t.equal(m.get('p-b')!.policy, 'accept');
});

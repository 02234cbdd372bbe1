/**
 * Hostile state (test/lab/hostile-state-corpus.ts): planted, truncated, oversized, symlinked
 * and foreign-owned teardown records and NAT state files, and run dirs someone other than
 * root could steer, against the BUILT hooks, each under strace in a network namespace of its
 * own (test/lab/hostile-state-run.ts). A bad record or NAT state must not fail the down: it is
 * moved aside with one warning and the down removes what the config implies. An untrusted run
 * dir fails the hook with one line before anything is read from it.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { addNetns, delNetns, uniqueTag } from '../lab/netns.js';
import { FORWARD_CONF, modesProblem, stateCases, type StateDirs } from '../lab/hostile-state-corpus.js';
import { BUILD, makeDirs, runStateCase } from '../lab/hostile-state-run.js';

const tag = uniqueTag();
const root = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-hs-${tag}-`));
const netns = `ctnet-hs-${tag}`;
t.teardown(async () => {
  await delNetns(netns);
  fs.rmSync(root, { recursive: true, force: true });
  for (const f of fs.readdirSync('/tmp'))
    if (f.startsWith(`pwned-${tag}-`)) fs.rmSync(path.join('/tmp', f), { force: true });
});

t.before(() => addNetns(netns));

const cases = stateCases();
t.ok(cases.length >= 60, `${cases.length} cases`);
t.equal(new Set(cases.map((c) => c.name)).size, cases.length, 'case names are distinct');
cases.forEach((c, i) => {
  t.test(c.name, (t) => runStateCase(t, c, makeDirs(root, tag, i, netns)));
});

let n = 1000;
t.test('umask 000: an up makes ct/ (0755) and its record (0644); nothing group/other-writable', async (t) => {
  const d = makeDirs(root, tag, n++, netns);
  const stub = path.join(d.base, 'vzctl');
  fs.writeFileSync(stub, '#!/bin/sh\ncat >/dev/null\nexit 0\n', { mode: 0o755 });
  await runStateCase(
    t,
    {
      name: 'up under umask 000',
      expect: 'ok',
      umask: 0,
      conf: 'NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="10.0.0.31/32"\n',
      setup: () => fs.rmSync(d.runDir, { recursive: true }),
      after: () => modesProblem(d.runDir, { '.': 0o755, ct: 0o755, 'ct/vz-101.json': 0o644 }),
    },
    d,
    {
      pre: 'ip link add veth101.0 type veth peer name eth0x',
      command: () => [
        path.join(BUILD, 'dist/hooks/ctnet-vznet'),
        '--vz-dir',
        d.vzDir,
        '--run-dir',
        d.runDir,
        '--vzctl',
        stub,
        'init',
        'veth',
        'veth101.0',
      ],
      mayWrite: /^\/proc\/sys\/net\/ipv[46]\/conf\/veth101\.0\//,
      mayExec: ['vzctl', 'cat'],
      up: true,
    },
  );
});

t.test('umask 000: ctnet nat makes nat/ and locks/ (0755) and the state (0644)', async (t) => {
  const d = makeDirs(root, tag, n++, netns);
  await runStateCase(
    t,
    {
      name: 'nat under umask 000',
      expect: 'ok',
      umask: 0,
      conf: FORWARD_CONF,
      setup: () => fs.rmSync(d.runDir, { recursive: true }),
      after: () => modesProblem(d.runDir, { '.': 0o755, nat: 0o755, locks: 0o755, 'nat/state.json': 0o644 }),
    },
    d,
    {
      command: () => [
        path.join(BUILD, 'dist/bin/ctnet'),
        'nat',
        'forward',
        'add',
        '--run-dir',
        d.runDir,
        '--owner',
        'vz-101',
        '--to',
        '10.0.0.31',
        'tcp:8025:80',
      ],
      // ss: the forward's host port is checked against the host's listening sockets (lib/observe/listening-ports.ts).
      mayExec: ['ss'],
    },
  );
});

// LXC's script.down reads the same records (ct/lxc-<name>.json): a bad one falls back to the config.
const lxcBad: Array<[string, (d: StateDirs) => void]> = [
  [
    'a planted host-batch shell line',
    (d) =>
      plant(
        d,
        JSON.stringify({
          version: 2,
          subject: 'container c1',
          parts: {
            vethA: [
              {
                kind: 'host-batch',
                what: 'x',
                lines: [{ cmd: `netns exec ${d.netns} /bin/sh -c "touch ${d.pwned}"` }],
              },
            ],
          },
        }),
      ),
  ],
  [
    'version 1 steps',
    (d) =>
      plant(
        d,
        JSON.stringify({
          version: 1,
          subject: 'container c1',
          parts: { vethA: [{ kind: 'sysctl', what: 'x', key: `../../${path.relative('/', d.victim)}`, value: '1' }] },
        }),
      ),
  ],
  [
    'an OVS port of another container',
    (d) =>
      plant(
        d,
        JSON.stringify({
          version: 2,
          subject: 'container c1',
          parts: { vethA: [{ kind: 'ovs-port', port: 'vethA', owner: 'lxc:c2' }] },
        }),
      ),
  ],
  [
    'a symlink to the victim',
    (d) => {
      fs.mkdirSync(path.join(d.runDir, 'ct'), { recursive: true });
      fs.symlinkSync(d.victim, path.join(d.runDir, 'ct', 'lxc-c1.json'));
    },
  ],
  [
    'owned by nobody',
    (d) => {
      plant(d, '{"version":2,"subject":"container c1","parts":{}}');
      fs.chownSync(path.join(d.runDir, 'ct', 'lxc-c1.json'), 65534, 65534);
    },
  ],
  ['truncated', (d) => plant(d, '{"version":2,"subject":"container c1","parts":{"vethA":[{"kind":"rou')],
];
function plant(d: StateDirs, text: string): void {
  fs.mkdirSync(path.join(d.runDir, 'ct'), { recursive: true });
  fs.writeFileSync(path.join(d.runDir, 'ct', 'lxc-c1.json'), text, { mode: 0o644 });
}
for (const [name, setup] of lxcBad) {
  for (const dryRun of [false, true]) {
    t.test(`ctnet-lxc down${dryRun ? ' (dry run)' : ''}, record: ${name}`, async (t) => {
      const d = makeDirs(root, tag, n++, netns);
      const conf = path.join(d.base, 'c1.config');
      fs.writeFileSync(
        conf,
        'lxc.net.0.type = veth\nlxc.net.0.veth.pair = vethA\nlxc.net.0.ipv4.address = 10.0.0.31/32\n',
      );
      await runStateCase(
        t,
        {
          name,
          setup,
          expect: 'ok',
          dryRun,
          warning: /warning: record ".*lxc-c1\.json" is not usable/,
          ...(dryRun ? { kept: ['ct/lxc-c1.json'] } : { kept: ['ct/lxc-c1.json.bad'] }),
        },
        d,
        {
          command: () => [
            path.join(BUILD, 'dist/hooks/ctnet-lxc'),
            '--run-dir',
            d.runDir,
            '--routed',
            'c1',
            'net',
            'down',
            'veth',
            'vethA',
          ],
          env: () => [`LXC_CONFIG_FILE=${conf}`, 'LXC_NAME=c1'],
        },
      );
    });
  }
}

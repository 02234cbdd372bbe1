/**
 * `ctnet check` on nodes with 10, 200 and 1,000 running OpenVZ CTs (one node netns each, a
 * Linux bridge, one veth, CT config, teardown record, proto 213 route and filter chain per CT: what
 * check reads for a CT the hooks brought up), timed in one loop with the Node floor. The cases are
 * "ctnet check, N CTs"; report.ts derives the cost per CT from 10 to 200 and from 200 to 1,000.
 */
import { RECORD_VERSION } from '../lib/state/record-schema.js';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../lib/doors/exec.js';
import { renderGuardAdd } from '../lib/plan/guard/render-guard.js';
import { addNetns, delNetns, ipBatch, sh, uniqueTag } from '../test/lab/netns.js';
import { CTNET } from '../test/lab/host-lab.js';
import { timeWith, type TimeOptions, type Timing } from './time-in-lab.js';

export const CHECK_SIZES = [10, 200, 1000];

interface CheckNode {
  ns: string;
  dir: string;
  size: number;
}

/** A node with `size` running CTs as check sees them (a Linux bridge takes at most 1,024 ports). */
async function addCheckNode(tag: string, size: number): Promise<CheckNode> {
  const node: CheckNode = {
    ns: `ctnet-chk${size}-${tag}`,
    dir: fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-chk${size}-`)),
    size,
  };
  await addNetns(node.ns);
  for (const d of ['vz/conf', 'run/ct', 'lxc']) fs.mkdirSync(path.join(node.dir, d), { recursive: true });
  fs.writeFileSync(path.join(node.dir, 'vz/vz.conf'), 'VE_ROOT=/vz/root/$VEID\nVE_PRIVATE=/vz/private/$VEID\n');
  const lines = ['link add br0 type bridge', 'addr add 10.0.0.2/16 dev br0', 'link set br0 up'];
  for (let i = 1; i <= size; i++) {
    const id = String(1000 + i);
    const addr = `10.1.${i >> 8}.${i & 255}`;
    lines.push(
      `link add veth${id}.0 type veth peer name p${id}`,
      `link set veth${id}.0 master br0 up`,
      `route add ${addr}/32 dev br0 proto 213`,
    );
    fs.writeFileSync(
      path.join(node.dir, 'vz/conf', `${id}.conf`),
      `NETIF="ifname=eth0,mac=00:18:51:aa:bb:01,host_ifname=veth${id}.0,host_mac=00:18:51:aa:bb:02"\nVETH_IP_ADDRESS="${addr}/32"\nBRIDGEDEV="br0"\n`,
    );
    const entries = [
      { kind: 'route', address: addr, dev: 'br0' },
      { kind: 'port-guard', port: `veth${id}.0` },
    ];
    fs.writeFileSync(
      path.join(node.dir, 'run/ct', `vz-${id}.json`),
      JSON.stringify({ version: RECORD_VERSION, subject: `CT ${id}`, parts: { [`veth${id}.0`]: entries } }),
    );
  }
  await ipBatch(node.ns, lines);
  // Each CT's anti-spoofing chain, as its up left it.
  const guards = Array.from({ length: size }, (_, k) =>
    renderGuardAdd({
      port: `veth${1001 + k}.0`,
      mac: '00:18:51:aa:bb:01',
      dhcp: false,
      macFilter: true,
      ipFilter: true,
      addresses: [{ family: 4, address: `10.1.${(k + 1) >> 8}.${(k + 1) & 255}`, prefix: 32 }],
    }),
  ).join('');
  await sh('ip', ['netns', 'exec', node.ns, 'nft', '-f', '-'], { input: guards, timeoutMs: 120_000 });
  return node;
}

function checkLine(n: CheckNode, verb = 'check'): string {
  return `ip netns exec ${n.ns} node ${CTNET} ${verb} --vz-dir ${n.dir}/vz --run-dir ${n.dir}/run --lxc-path ${n.dir}/lxc`;
}

export async function measureCheck(opts: TimeOptions): Promise<Timing[]> {
  const tag = uniqueTag();
  const nodes: CheckNode[] = [];
  try {
    for (const size of CHECK_SIZES) nodes.push(await addCheckNode(tag, size));
    for (const n of nodes) await verifyCheck(n);
    const cases = [
      { name: 'node -e 0, check nodes', line: `ip netns exec ${nodes[0]!.ns} node -e 0` },
      ...nodes.map((n) => ({ name: `ctnet check, ${n.size} CTs`, line: `${checkLine(n)} >/dev/null` })),
    ];
    return await timeWith((a) => run('bash', a, { timeoutMs: 1_800_000, allowFailure: true }), cases, opts);
  } finally {
    for (const n of nodes) {
      await delNetns(n.ns);
      fs.rmSync(n.dir, { recursive: true, force: true });
    }
  }
}

/** Check really looked at every CT: clean, and status lists each one as running. */
async function verifyCheck(n: CheckNode): Promise<void> {
  const c = await sh('bash', ['-c', checkLine(n)], { allowFailure: true, timeoutMs: 60_000 });
  if (c.exitCode !== 0 || c.stdout !== 'clean: no drift, no leftovers\n')
    throw new Error(`check on the ${n.size}-CT node is not clean: ${c.stdout.slice(0, 200)}${c.stderr}`);
  const s = await sh('bash', ['-c', `${checkLine(n, 'status')} --json`], { timeoutMs: 60_000 });
  const rows = JSON.parse(s.stdout) as Array<{ state: string }>;
  if (rows.length !== n.size || rows.some((r) => r.state !== 'running'))
    throw new Error(`status on the ${n.size}-CT node lists ${rows.length} rows, want ${n.size} running`);
}

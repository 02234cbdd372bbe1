/**
 * The benchmark's OpenVZ node: the test lab (test/lab/vz-lab.ts) with one CT per measured
 * case, configured seed 004 style (bridge br0, N addresses, CT0_IP, default gateway).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HOOK_UMOUNT, HOOK_VZNET, REPO, type VzLab } from '../test/lab/vz-lab.js';
import { ipBatch } from '../test/lab/netns.js';

export const SEED_VZNET = path.join(REPO, 'bench/seed-vznet.sh');
export const SEED_UMOUNT = path.join(REPO, 'bench/seed-umount.sh');
export const PLAIN_NODE_HOOK = path.join(REPO, 'bench/plain-node-hook.cjs');

/** Addresses of CT `slot` (3-250): 10.0.0.<slot>/24 first (on the gateway's subnet), then /32s. */
export function ctAddresses(slot: number, count: number): string[] {
  const out = [`10.0.0.${slot}/24`];
  for (let i = 1; i < count; i++) out.push(`10.${slot}.${i >> 8}.${i & 255}/32`);
  return out;
}

export function ctConf(veid: string, addresses: string[]): string {
  return [
    `NETIF="ifname=eth0,mac=00:18:51:00:00:01,host_ifname=veth${veid}.0,host_mac=00:18:51:00:00:02"`,
    `VETH_IP_ADDRESS="${addresses.join(' ')}"`,
    'CT0_IP="10.0.0.2"',
    'VE_DEFAULT_GATEWAY="10.0.0.1"',
    'BRIDGEDEV="br0"',
    '',
  ].join('\n');
}

/** Add a CT with `count` addresses; returns its VEID. */
export async function addBenchCt(lab: VzLab, slot: number, count: number): Promise<string> {
  const veid = String(slot + 1000);
  await lab.addCt(veid);
  lab.writeCtConf(veid, ctConf(veid, ctAddresses(slot, count)));
  return veid;
}

/**
 * One up + down as vzctl runs it (EXTERNAL_SCRIPT, then the umount script), as a shell line.
 * `hooks`: other executables (the self-contained one's links) or a Node to run them with.
 */
export function cycleLine(
  veid: string,
  kind: 'ctnet' | 'bash',
  hooks: { vznet: string; umount: string } = { vznet: HOOK_VZNET, umount: HOOK_UMOUNT },
): string {
  const up = kind === 'ctnet' ? hooks.vznet : SEED_VZNET;
  const down = kind === 'ctnet' ? hooks.umount : SEED_UMOUNT;
  return `VEID=${veid} ${up} init veth veth${veid}.0 && VEID=${veid} VE_CONFFILE=/etc/vz/conf/${veid}.conf ${down}`;
}

/**
 * ctnet's own work in one hook run, without the processes the work needs: the up of a CT as a
 * dry run (config read, link state read, plan made and printed; no ip, no vzctl, no syslog).
 */
export function planOnlyLine(veid: string): string {
  return `CTNET_DRY_RUN=1 VEID=${veid} ${HOOK_VZNET} init veth veth${veid}.0`;
}

/** Fill the node's main table with `count` unrelated /32 routes (172.16.0.0/12) via br0. */
export async function addUnrelatedRoutes(lab: VzLab, count: number): Promise<void> {
  await ipBatch(
    lab.hn,
    unrelatedRoutes(count).map((r) => `route add ${r} dev br0`),
  );
}

/** Take them out again. */
export async function removeUnrelatedRoutes(lab: VzLab, count: number): Promise<void> {
  await ipBatch(
    lab.hn,
    unrelatedRoutes(count).map((r) => `route del ${r} dev br0`),
  );
}

function unrelatedRoutes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `172.${16 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}/32`);
}

/** One command of a ctnet hook run, as its dry run prints it, with its batch in a file. */
export interface HookCommand {
  hook: 'up' | 'down';
  /** The command line, e.g. "ip -batch -" (ctnet's own output: words split by spaces). */
  command: string;
  batchFile: string;
}

/**
 * The commands a ctnet cycle of CT `veid` runs: the `nft -f -` (its port filter), `ip -batch`
 * and `vzctl exec` lines its up and its umount print as a dry run, each batch written to a file.
 */
export async function cycleCommands(lab: VzLab, veid: string): Promise<HookCommand[]> {
  const commands: HookCommand[] = [];
  for (const [hook, exe, args, env] of [
    ['up', HOOK_VZNET, ['init', 'veth', `veth${veid}.0`], { VEID: veid }],
    ['down', HOOK_UMOUNT, [], { VEID: veid, VE_CONFFILE: `/etc/vz/conf/${veid}.conf` }],
  ] as const) {
    const r = await lab.runHook(exe, [...args], { ...env, CTNET_DRY_RUN: '1' });
    if (r.exitCode !== 0) throw new Error(`dry run of ${path.basename(exe)} for CT ${veid} failed: ${r.stderr.trim()}`);
    for (const [command, batch] of heredocs(r.stdout)) {
      const batchFile = path.join(lab.dir, `batch-${veid}-${commands.length}.txt`);
      fs.writeFileSync(batchFile, batch);
      commands.push({ hook, command, batchFile });
    }
  }
  if (commands.length !== 5)
    throw new Error(
      `CT ${veid}: expected 5 batches (node filter, node up, CT up, node down, filter removal), the dry runs printed ${commands.length}`,
    );
  return commands;
}

/**
 * The commands of a ctnet cycle alone, each fed its batch from a file. Timed beside the cycle,
 * this is the work any hook pays (processes and the kernel applying the batch); the cycle minus
 * this is what ctnet itself costs.
 */
export function batchesOnlyLine(commands: readonly HookCommand[]): string {
  return commands.map((c) => `${c.command} < ${c.batchFile}`).join(' && ');
}

/** node's arguments for the plain Node hook (plain-node-hook.cjs) running one hook's commands. */
export function plainNodeHookArgs(
  lab: VzLab,
  veid: string,
  commands: readonly HookCommand[],
  hook: HookCommand['hook'],
): string[] {
  return [
    PLAIN_NODE_HOOK,
    `/etc/vz/conf/${veid}.conf`,
    path.join(lab.dir, `plain-record-${veid}.json`),
    ...commands.filter((c) => c.hook === hook).map((c) => `${c.batchFile} ${c.command}`),
  ];
}

/**
 * The same commands run by a plain Node hook, one process for the up and one for the down
 * as with ctnet: what any Node hook doing this work pays.
 */
export function plainNodeCycleLine(lab: VzLab, veid: string, commands: readonly HookCommand[], node = 'node'): string {
  return (['up', 'down'] as const)
    .map((hook) => [node, ...plainNodeHookArgs(lab, veid, commands, hook).map((a) => `'${a}'`)].join(' '))
    .join(' && ');
}

/** `cmd <<'EOF'` ... `EOF` sections of a dry run: [command, batch text]. */
function heredocs(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(.*) <<'EOF'$/.exec(lines[i]!);
    if (!m) continue;
    const end = lines.indexOf('EOF', i + 1);
    out.push([m[1]!, lines.slice(i + 1, end).join('\n') + '\n']);
    i = end;
  }
  return out;
}

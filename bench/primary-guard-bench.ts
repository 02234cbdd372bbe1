/**
 * What CTNET_PRIMARY_GUARD costs a hook cycle (up + umount of a 1-address CT), side by side in
 * one timing loop: the guard off; refuse with a real bgpd running in the bench's node netns
 * (zebra + bgpd, its own -N pathspace, no peers: an empty table, so every up asks and gets
 * "nobody else"); refuse with only ospfd (zebra + ospfd in a netns of its own, its own
 * pathspace, no neighbours: an empty database; the up asks bgpd, finds no socket, asks ospfd);
 * refuse with no FRR at that pathspace (the up notes it and goes on). Only
 * the up asks; the umount is the same in every case. The same ups (and their umounts) also
 * run under callgrind (guardInstructionCases): on a busy machine the wall-time difference of
 * a few milliseconds drowns in the drift, the instruction count does not.
 */
import * as fs from 'node:fs';
import { askBgpd, bgpdVtyPath } from '../lib/doors/bgpd-vty.js';
import { FrrInstance, waitFor } from '../test/lab/frr.js';
import { addNetns, delNetns } from '../test/lab/netns.js';
import { HOOK_UMOUNT, HOOK_VZNET, type VzLab } from '../test/lab/vz-lab.js';
import type { InstructionCase } from './instructions-in-lab.js';
import { ctAddresses, ctConf, cycleLine } from './bench-lab.js';
import { timeInLab, type TimeOptions, type Timing } from './time-in-lab.js';

export const GUARD_CASES = {
  floor: 'node -e 0, primary guard',
  off: 'ctnet 1 addr, primary guard off',
  refuse: 'ctnet 1 addr, primary guard refuse (bgpd, empty table)',
  ospf: 'ctnet 1 addr, primary guard refuse (no bgpd, ospfd, empty database)',
  noBgpd: 'ctnet 1 addr, primary guard refuse (bgpd not running)',
} as const;

const SLOTS = { off: 41, refuse: 42 } as const;

/** The bench's bgpd and the two CTs; stop it with stopGuardBench. */
export interface GuardBench {
  frr: FrrInstance;
  /** zebra + ospfd, no bgpd, in the netns `ospfNs`. */
  ospf: FrrInstance;
  ospfNs: string;
  veids: Record<keyof typeof SLOTS, string>;
  /** A pathspace where no bgpd runs. */
  absent: string;
}

/** Start the bgpd (empty table), add the two CTs, and check one up of each kind really asked. */
export async function startGuardBench(lab: VzLab): Promise<GuardBench> {
  const g: GuardBench = {
    frr: new FrrInstance(`ctnet-bench-${lab.tag}`, lab.hn),
    ospf: new FrrInstance(`ctnet-bench-ospf-${lab.tag}`, `ctnet-bo-${lab.tag}`),
    ospfNs: `ctnet-bo-${lab.tag}`,
    veids: { off: '', refuse: '' },
    absent: `ctnet-bench-none-${lab.tag}`,
  };
  try {
    await g.frr.prepare();
    fs.writeFileSync(
      g.frr.confFile,
      'frr defaults traditional\nhostname bench\n!\nrouter bgp 65000\n bgp router-id 10.0.0.2\n no bgp default ipv4-unicast\nexit\n!\nend\n',
    );
    await g.frr.start();
    await waitFor(
      async () => (await askBgpd(bgpdVtyPath(g.frr.name), 'show bgp ipv4 unicast summary json', 1_000)) !== undefined,
      20_000,
      "the bench's bgpd answers",
    );
    // The hook reaches ospfd by its socket path; its own netns keeps this zebra off the node's routes.
    await addNetns(g.ospfNs);
    await g.ospf.prepare();
    fs.writeFileSync(
      g.ospf.confFile,
      'frr defaults traditional\nhostname bench-ospf\n!\nrouter ospf\n ospf router-id 10.0.0.3\nexit\n!\nend\n',
    );
    await g.ospf.start();
    await waitFor(
      async () =>
        (await askBgpd(bgpdVtyPath(g.ospf.name).replace(/bgpd\.vty$/, 'ospfd.vty'), 'show ip ospf json', 1_000)) !==
        undefined,
      20_000,
      "the bench's ospfd answers",
    );
    for (const k of ['off', 'refuse'] as const) {
      const veid = String(SLOTS[k] + 1000);
      await lab.addCt(veid);
      lab.writeCtConf(
        veid,
        `${ctConf(veid, ctAddresses(SLOTS[k], 1))}CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=${k}\n`,
      );
      g.veids[k] = veid;
    }
    await verifyAsked(lab, g.veids.refuse, g.frr.name, true);
    await verifyAsked(lab, g.veids.refuse, g.ospf.name, true);
    await verifyAsked(lab, g.veids.refuse, g.absent, false);
    return g;
  } catch (e) {
    await stopGuardBench(g);
    throw e;
  }
}

export async function stopGuardBench(g: GuardBench): Promise<void> {
  try {
    await g.frr.stop();
  } finally {
    try {
      await g.ospf.stop();
    } finally {
      await delNetns(g.ospfNs);
    }
  }
}

const withFrr = (line: string, pathspace: string): string =>
  line.replaceAll('VEID=', `CTNET_FRR_PATHSPACE=${pathspace} VEID=`);

/** The floor and the four cycles, in one loop. */
export function timePrimaryGuard(lab: VzLab, g: GuardBench, opts: TimeOptions): Promise<Timing[]> {
  return timeInLab(
    lab,
    [
      { name: GUARD_CASES.floor, line: 'node -e 0' },
      { name: GUARD_CASES.off, line: withFrr(cycleLine(g.veids.off, 'ctnet'), g.frr.name) },
      { name: GUARD_CASES.refuse, line: withFrr(cycleLine(g.veids.refuse, 'ctnet'), g.frr.name) },
      { name: GUARD_CASES.ospf, line: withFrr(cycleLine(g.veids.refuse, 'ctnet'), g.ospf.name) },
      { name: GUARD_CASES.noBgpd, line: withFrr(cycleLine(g.veids.refuse, 'ctnet'), g.absent) },
    ],
    opts,
  );
}

/** Under callgrind: the up of each CT (bgpd running), each followed by its umount. */
export function guardInstructionCases(g: GuardBench): InstructionCase[] {
  return (['off', 'refuse'] as const).flatMap((k) => {
    const env = { VEID: g.veids[k], CTNET_FRR_PATHSPACE: g.frr.name };
    return [
      { name: GUARD_INSTRUCTION_CASES[k], env, nodeArgs: [HOOK_VZNET, 'init', 'veth', `veth${g.veids[k]}.0`] },
      {
        name: `ctnet-umount 1 addr, primary guard ${k}`,
        env: { ...env, VE_CONFFILE: `/etc/vz/conf/${g.veids[k]}.conf` },
        nodeArgs: [HOOK_UMOUNT],
      },
    ];
  });
}

export const GUARD_INSTRUCTION_CASES = {
  off: 'ctnet-vznet 1 addr, primary guard off',
  refuse: 'ctnet-vznet 1 addr, primary guard refuse (bgpd, empty table)',
} as const;

/** The timed up really asked FRR (answered: no note; absent: the note), and came up. */
async function verifyAsked(lab: VzLab, veid: string, pathspace: string, answered: boolean): Promise<void> {
  const up = await lab.vznet(veid, `veth${veid}.0`, [], { CTNET_FRR_PATHSPACE: pathspace });
  const noted = /FRR \(bgpd\) did not answer/.test(up.stderr);
  if (up.exitCode !== 0 || noted === answered)
    throw new Error(
      `guarded up of CT ${veid} (FRR ${pathspace} ${answered ? 'running' : 'absent'}): exit ${up.exitCode}: ${up.stderr.trim()}`,
    );
  const down = await lab.umount(veid);
  if (down.exitCode !== 0) throw new Error(`umount of CT ${veid} failed: ${down.stderr.trim()}`);
}

/**
 * What CTNET_PRIMARY_GUARD costs a hook cycle (up + umount of a 1-address CT), side by side in
 * one timing loop: the guard off; refuse with a real bgpd running in the bench's node netns
 * (zebra + bgpd, its own -N pathspace, no peers: an empty table, so every up asks and gets
 * "nobody else"); refuse with no bgpd at that pathspace (the up notes it and goes on). Only
 * the up asks; the umount is the same in every case.
 */
import * as fs from 'node:fs';
import { askBgpd, bgpdVtyPath } from '../lib/frr/bgpd-vty.js';
import { FrrInstance, waitFor } from '../test/lab/frr.js';
import type { VzLab } from '../test/lab/vz-lab.js';
import { ctAddresses, ctConf, cycleLine } from './bench-lab.js';
import { timeInLab, type TimeOptions, type Timing } from './time-in-lab.js';

export const GUARD_CASES = {
  floor: 'node -e 0, primary guard',
  off: 'ctnet 1 addr, primary guard off',
  refuse: 'ctnet 1 addr, primary guard refuse (bgpd, empty table)',
  noBgpd: 'ctnet 1 addr, primary guard refuse (bgpd not running)',
} as const;

const SLOTS = { off: 41, refuse: 42 } as const;

export async function measurePrimaryGuard(lab: VzLab, opts: TimeOptions): Promise<Timing[]> {
  const frr = new FrrInstance(`ctnet-bench-${lab.tag}`, lab.hn);
  try {
    await frr.prepare();
    fs.writeFileSync(frr.confFile, 'frr defaults traditional\nhostname bench\n!\nrouter bgp 65000\n bgp router-id 10.0.0.2\n no bgp default ipv4-unicast\nexit\n!\nend\n');
    await frr.start();
    await waitFor(async () => (await askBgpd(bgpdVtyPath(frr.name), 'show bgp ipv4 unicast summary json', 1_000)) !== undefined, 20_000, 'the bench\'s bgpd answers');
    const veids: Record<keyof typeof SLOTS, string> = { off: '', refuse: '' };
    for (const k of ['off', 'refuse'] as const) {
      const veid = String(SLOTS[k] + 1000);
      await lab.addCt(veid);
      lab.writeCtConf(veid, `${ctConf(veid, ctAddresses(SLOTS[k], 1))}CTNET_ANNOUNCE=primary\nCTNET_PRIMARY_GUARD=${k}\n`);
      veids[k] = veid;
    }
    const withFrr = (line: string, pathspace: string): string => line.replaceAll('VEID=', `CTNET_FRR_PATHSPACE=${pathspace} VEID=`);
    const absent = `ctnet-bench-none-${lab.tag}`;
    await verifyAsked(lab, veids.refuse, frr.name, true);
    await verifyAsked(lab, veids.refuse, absent, false);
    return await timeInLab(lab, [
      { name: GUARD_CASES.floor, line: 'node -e 0' },
      { name: GUARD_CASES.off, line: withFrr(cycleLine(veids.off, 'ctnet'), frr.name) },
      { name: GUARD_CASES.refuse, line: withFrr(cycleLine(veids.refuse, 'ctnet'), frr.name) },
      { name: GUARD_CASES.noBgpd, line: withFrr(cycleLine(veids.refuse, 'ctnet'), absent) },
    ], opts);
  } finally {
    await frr.stop();
  }
}

/** The timed up really asked bgpd (answered: no note; absent: the note), and came up. */
async function verifyAsked(lab: VzLab, veid: string, pathspace: string, answered: boolean): Promise<void> {
  const up = await lab.vznet(veid, `veth${veid}.0`, [], { CTNET_FRR_PATHSPACE: pathspace });
  const noted = /FRR \(bgpd\) did not answer/.test(up.stderr);
  if (up.exitCode !== 0 || noted === answered) throw new Error(`guarded up of CT ${veid} (bgpd ${answered ? 'running' : 'absent'}): exit ${up.exitCode}: ${up.stderr.trim()}`);
  const down = await lab.umount(veid);
  if (down.exitCode !== 0) throw new Error(`umount of CT ${veid} failed: ${down.stderr.trim()}`);
}

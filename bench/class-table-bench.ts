/**
 * What an IPv4 spare's class table costs a hook cycle (up + umount of a 1-address CT), side by
 * side in one timing loop with a primary: the spare's up runs one more `ip` (the shared rule
 * before main, "File exists" after the first up), its route goes into table 212 and its class
 * marker into 213 in the same batch; the umount deletes both and, for records from before class
 * tables, the route from main, in one batch.
 */
import { ipJson, type RouteJson } from '../test/lab/netns.js';
import type { VzLab } from '../test/lab/vz-lab.js';
import { ctAddresses, ctConf, cycleLine } from './bench-lab.js';
import { timeInLab, type TimeOptions, type Timing } from './time-in-lab.js';

export const CLASS_CASES = {
  floor: 'node -e 0, announcement classes',
  primary: 'ctnet 1 addr, CTNET_ANNOUNCE=primary',
  spare: 'ctnet 1 addr, CTNET_ANNOUNCE=spare (table 212, its rule, the marker in 213)',
} as const;

const SLOTS = { primary: 43, spare: 44 } as const;

export async function timeClassTable(lab: VzLab, opts: TimeOptions): Promise<Timing[]> {
  const veids = { primary: '', spare: '' };
  for (const k of ['primary', 'spare'] as const) {
    veids[k] = String(SLOTS[k] + 1000);
    await lab.addCt(veids[k]);
    lab.writeCtConf(veids[k], `${ctConf(veids[k], ctAddresses(SLOTS[k], 1))}CTNET_ANNOUNCE=${k}\n`);
  }
  await verifySpare(lab, veids.spare);
  return timeInLab(
    lab,
    [
      { name: CLASS_CASES.floor, line: 'node -e 0' },
      { name: CLASS_CASES.primary, line: cycleLine(veids.primary, 'ctnet') },
      { name: CLASS_CASES.spare, line: cycleLine(veids.spare, 'ctnet') },
    ],
    opts,
  );
}

/** The timed spare really comes up in table 212 with its marker in 213, and goes away. */
async function verifySpare(lab: VzLab, veid: string): Promise<void> {
  const up = await lab.vznet(veid, `veth${veid}.0`);
  const routes = await ipJson<RouteJson[]>(lab.hn, ['route', 'show', 'table', 'all', 'proto', '213']);
  // The CT's route in 212 and its marker in 213 (lib/plan/route-line.ts).
  const tables = routes.map((r) => r.table).sort();
  if (up.exitCode !== 0 || tables.join() !== '212,213')
    throw new Error(`spare up of CT ${veid}: exit ${up.exitCode}, routes in tables ${tables.join()}: ${up.stderr}`);
  const down = await lab.umount(veid);
  if (down.exitCode !== 0) throw new Error(`umount of CT ${veid} failed: ${down.stderr.trim()}`);
}

/** An OpenVZ node lab whose bridge is a userspace Open vSwitch bridge `sw0` (10.0.9.254/24). */
import type { Test } from 'tap';
import { ipBatch } from './netns.js';
import { OvsLab } from './ovs.js';
import { VzLab } from './vz-lab.js';

export async function vzLabWithOvs(t: Test): Promise<{ lab: VzLab; ovs: OvsLab }> {
  const lab = await VzLab.create({ bridge: null });
  t.teardown(() => lab.cleanup());
  const ovs = await OvsLab.start(lab.hn, lab.tag);
  t.teardown(() => ovs.stop());
  await ovs.addBridge('sw0');
  await ipBatch(lab.hn, ['addr add 10.0.9.254/24 dev sw0', 'link set dev sw0 up']);
  return { lab, ovs };
}

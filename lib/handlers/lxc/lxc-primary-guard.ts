/**
 * No two primaries for LXC (`ctnet-lxc --routed --primary-guard refuse|demote`): before a
 * routed veth announces the section's addresses as primary, the same question as the OpenVZ
 * up (lib/setups/frr/guard-primary.ts) goes to the local bgpd, or without bgpd to ospfd/ospf6d.
 * Refused: the up stops with one line naming the other node, before anything is applied;
 * demoted: the options come back with --announce spare. No daemon answering is logged (syslog
 * in the hook) and the up goes on.
 */
import type { ApplyContext } from '../../apply/context.js';
import { guardAnnounce, type GuardSettingNames } from '../../setups/frr/guard-primary.js';
import type { LxcNetEvent } from '../../runtimes/lxc/lxc-event.js';
import type { LxcOptions } from '../../runtimes/lxc/lxc-options.js';
import type { SectionView } from '../../runtimes/lxc/section-view.js';

const LXC_NAMES: GuardSettingNames = { guard: (v) => `--primary-guard ${v}`, announce: (v) => `--announce ${v}` };

/** The options the up goes on with: unchanged, or with announce 'spare'. Throws when refused. */
export async function lxcPrimaryGuard(
  ev: LxcNetEvent,
  opts: LxcOptions,
  section: SectionView,
  ctx: Pick<ApplyContext, 'log' | 'bgpdVty'>,
): Promise<LxcOptions> {
  if (!opts.routed || !opts.primaryGuard || ev.type !== 'veth') return opts;
  const announce = await guardAnnounce(
    {
      subject: `container ${ev.name}`,
      ifname: section.name ?? ev.device ?? 'veth',
      addresses: section.addresses,
      names: LXC_NAMES,
      guard: opts.primaryGuard,
      announce: opts.announce,
    },
    ctx,
  );
  return announce === opts.announce || announce === undefined ? opts : { ...opts, announce };
}

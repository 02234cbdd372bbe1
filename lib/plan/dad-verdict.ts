/**
 * What the duplicate-address probes of an up mean (pure): the first address something else
 * answers for refuses the up, in one line; probes that could not run become notes.
 */
import type { ProbeOutcome } from '../observe/dad-probe.js';
import type { OwnedAddress } from './host-address-conflict.js';

export interface ProbedAddress extends OwnedAddress {
  dev: string;
}

const DAD_SWITCHES = 'CTNET_DAD=off in the container config, or dad = off in [isolation] of host.conf';

export function dadVerdict(
  probed: readonly ProbedAddress[],
  outcomes: readonly ProbeOutcome[],
): { refusal?: string; notes: string[] } {
  const notes: string[] = [];
  for (const [i, p] of probed.entries()) {
    const o = outcomes[i];
    if (o?.kind === 'answered') {
      return {
        refusal: `${p.from}: "${p.ip.address}" is already in use on the LAN of ${p.dev} (answered the duplicate-address probe${o.mac ? ` from ${o.mac}` : ''}); to skip the probe: ${DAD_SWITCHES}`,
        notes,
      };
    }
    if (o?.kind === 'unknown') notes.push(`duplicate-address probe of ${p.ip.address} on ${p.dev} not done: ${o.why}`);
  }
  return { notes };
}

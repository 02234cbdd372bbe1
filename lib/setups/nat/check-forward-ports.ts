/**
 * Refuse forwards whose host ports the host keeps for itself, before anything is applied:
 * outside host.conf's `[isolation] forward-ports` (lib/setups/nat/forward-port-policy.ts), or held
 * by a host socket (lib/observe/listening-ports.ts). Used by the OpenVZ and LXC hooks, `ctnet nat
 * forward add` and `ctnet host apply` (which skips the allow-list for host.conf's own forwards).
 *
 *   await checkForwardPorts({
 *     forwards, ...forwardAllowList(hostConfig), fail: (why) => configError(cv, why),
 *   });
 */
import type { ForwardSpec } from '../../request/forward-spec.js';
import type { CtnetError } from '../../errors.js';
import type { HostConfig } from '../host/host-conf.js';
import { forwardPortRefusal, type ForwardPortRules } from './forward-port-policy.js';
import { listeningHostPorts } from '../../observe/listening-ports.js';

export interface ForwardPortCheck {
  forwards: readonly ForwardSpec[];
  allow: ForwardPortRules['allow'];
  allowFile: string;
  /** The one-line error for a refusal (it names the file, line and key, or the option). */
  fail: (why: string) => CtnetError;
  /** ss binary (tests). */
  ss?: string;
}

/** The allow-list of `<etcDir>/ctnet/host.conf` (a missing file: none, only ports >= 1024). */
export function forwardAllowList(host: HostConfig): Pick<ForwardPortCheck, 'allow' | 'allowFile'> {
  return { allow: host.isolation.forwardPorts, allowFile: host.file };
}

/**
 * Throws `fail(why)` for the first forward refused; the allow-list is checked before any ss call.
 */
export async function checkForwardPorts(c: ForwardPortCheck): Promise<void> {
  if (c.forwards.length === 0) return;
  const early = forwardPortRefusal(c.forwards, { allow: c.allow, allowFile: c.allowFile, listening: new Set() });
  if (early) throw c.fail(early.why);
  const listening = await listeningHostPorts(c.forwards, c.ss);
  const held = forwardPortRefusal(c.forwards, { allow: 'any', allowFile: c.allowFile, listening });
  if (held) throw c.fail(held.why);
}

/** Everything a hook needs from its surroundings, resolved once by the thin entry in hooks/. */
import type { ApplyContext } from '../apply/context.js';

export interface HookEnv {
  vzDir: string;
  runDir: string;
  /** Where ctnet/host.conf is looked for (/etc; --etc-dir). */
  etcDir: string;
  sysNet: string;
  dryRun: boolean;
  ctx: ApplyContext;
  /** stdout (dry-run output, reports). */
  out: (text: string) => void;
}

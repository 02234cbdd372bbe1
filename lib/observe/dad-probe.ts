/**
 * The duplicate-address probe: is an address already alive on a LAN? One ARP probe
 * (`arping -D`, iputils-arping) or neighbour solicitation (`ndisc6`) per address and device,
 * all in parallel, each waiting at most PROBE_WAIT_MS and killed after PROBE_TIMEOUT_MS.
 * A probe that cannot run (tool missing, device down, no IPv6 source address) is `unknown`,
 * never a refusal: the caller notes it (docs/isolation.md, "Address ownership").
 */
import { CtnetError } from '../errors.js';
import { run, type RunResult } from '../doors/exec.js';
import type { IpAddr } from '../request/ip-address.js';

export interface ProbeTarget {
  ip: IpAddr;
  dev: string;
}

export type ProbeOutcome = { kind: 'free' } | { kind: 'answered'; mac?: string } | { kind: 'unknown'; why: string };

export const PROBE_WAIT_MS = 1000;
const PROBE_TIMEOUT_MS = 3000;
/** Probes running at once; more addresses wait their turn (1 s per round). */
const PROBE_CONCURRENCY = 64;

/** The probe command for one target (argv, no shell). */
export function probeCommand(t: ProbeTarget): [string, string[]] {
  return t.ip.family === 4
    ? ['arping', ['-D', '-q', '-c', '1', '-w', String(PROBE_WAIT_MS / 1000), '-I', t.dev, t.ip.address]]
    : ['ndisc6', ['-1', '-q', '-r', '1', '-w', String(PROBE_WAIT_MS), t.ip.address, t.dev]];
}

/**
 * What a probe's exit says. arping -D: 0 no reply, 1 a reply, else an error. ndisc6: 0 and a
 * MAC on stdout when answered, "Timed out" when not, anything else an error.
 */
export function probeOutcome(family: 4 | 6, r: Pick<RunResult, 'exitCode' | 'stdout' | 'stderr'>): ProbeOutcome {
  const err = r.stderr.trim().split('\n')[0] ?? '';
  if (family === 4) {
    if (r.exitCode === 0) return { kind: 'free' };
    if (r.exitCode === 1 && err === '') return { kind: 'answered' };
    return { kind: 'unknown', why: `arping exited ${r.exitCode}${err ? `: ${err}` : ''}` };
  }
  const mac = /^([0-9a-f]{2}(:[0-9a-f]{2}){5})$/i.exec(r.stdout.trim())?.[1];
  if (r.exitCode === 0 && mac) return { kind: 'answered', mac: mac.toLowerCase() };
  if (/timed out/i.test(r.stderr) || (r.exitCode === 2 && err === '')) return { kind: 'free' };
  return { kind: 'unknown', why: `ndisc6 exited ${r.exitCode}${err ? `: ${err}` : ''}` };
}

/** Probe every target (bounded in time; order kept). */
export async function probeAddresses(targets: readonly ProbeTarget[]): Promise<ProbeOutcome[]> {
  const out = new Array<ProbeOutcome>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < targets.length; i = next++) out[i] = await probeOne(targets[i]!);
  };
  await Promise.all(Array.from({ length: Math.min(PROBE_CONCURRENCY, targets.length) }, worker));
  return out;
}

async function probeOne(t: ProbeTarget): Promise<ProbeOutcome> {
  const [file, args] = probeCommand(t);
  try {
    return probeOutcome(t.ip.family, await run(file, args, { timeoutMs: PROBE_TIMEOUT_MS, allowFailure: true }));
  } catch (e) {
    if (e instanceof CtnetError && (e.code === 'E_SPAWN' || e.code === 'E_TIMEOUT'))
      return { kind: 'unknown', why: e.message };
    throw e;
  }
}

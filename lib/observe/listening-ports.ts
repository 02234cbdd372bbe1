/**
 * The host ports of a list of forwards that host sockets hold, in the network namespace this
 * process runs in (the hook's: the host's). One `ss` asks the kernel (sock_diag) for listening
 * TCP and bound UDP sockets on just those ports, IPv4 and IPv6:
 *   ss -H -n -l -t -u '( sport = :22 or sport = :8025 )'
 * Not /proc/net/{tcp,tcp6,udp,udp6}: those list every socket, established connections included,
 * so their size and read time grow with the host's traffic, while the kernel filters ss's answer
 * to the listeners asked for (docs/isolation.md, "Forwarded ports"; sizes in docs/bench.md).
 */
import type { ForwardSpec } from '../request/forward-spec.js';
import { CtnetError } from '../errors.js';
import { run } from '../doors/exec.js';
import { portKey } from '../setups/nat/forward-port-policy.js';

const SS_TIMEOUT_MS = 5_000;

/** The ss argv for these ports (empty list: no call is needed). */
export function ssListenArgs(ports: readonly number[]): string[] {
  const filter = [...new Set(ports)]
    .sort((a, b) => a - b)
    .map((p) => `sport = :${p}`)
    .join(' or ');
  return ['-H', '-n', '-l', '-t', '-u', `( ${filter} )`];
}

/**
 * "tcp:22", "udp:53" for each line of `ss -H -n -l -t -u` (Netid State Recv-Q Send-Q
 * Local:Port Peer:Port ...); lines of other shapes are ignored.
 */
export function parseSsListeners(stdout: string): Set<string> {
  const out = new Set<string>();
  for (const line of stdout.split('\n')) {
    const [netid, , , , local] = line.trim().split(/\s+/);
    if ((netid !== 'tcp' && netid !== 'udp') || !local) continue;
    const m = /:(\d{1,5})$/.exec(local);
    if (m) out.add(portKey(netid, Number(m[1])));
  }
  return out;
}

/** Which of the forwards' host ports host sockets hold; one `ss` call, none for no forwards. */
export async function listeningHostPorts(forwards: readonly ForwardSpec[], ss = 'ss'): Promise<Set<string>> {
  if (forwards.length === 0) return new Set();
  const res = await run(ss, ssListenArgs(forwards.map((f) => f.hostPort)), {
    timeoutMs: SS_TIMEOUT_MS,
    allowFailure: true,
  });
  if (res.exitCode !== 0) {
    throw new CtnetError(
      `cannot tell whether host sockets use the forwarded ports: ss exited ${res.timedOut ? 'on timeout' : res.exitCode}${res.stderr ? ` (${res.stderr.trim().split('\n')[0]})` : ''}`,
      {
        code: 'E_EXEC',
        hint: 'ss comes with iproute2; install it',
      },
    );
  }
  return parseSsListeners(res.stdout);
}

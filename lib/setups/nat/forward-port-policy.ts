/**
 * Which host ports a port forward may take (pure). Two rules, from issue 15:
 *   - the allow-list: host.conf `[isolation] forward-ports` names exactly the host ports
 *     forwards may take; without it, only ports >= 1024 (the privileged ports are the host's
 *     own services: ssh, dns, http, smtp ...);
 *   - a port a host socket listens on (TCP) or is bound to (UDP) is the host's: a forward
 *     would take it away from that service, whatever the allow-list says.
 * The admin's own host.conf `[forward NAME]` sections skip the first rule (see
 * docs/isolation.md, "Forwarded ports"), never the second.
 */
import type { ForwardSpec } from '../../request/forward-spec.js';
import type { PortRange } from '../host/host-conf.js';

/** The first port forwards may take when host.conf lists no forward-ports. */
const FIRST_UNPRIVILEGED_PORT = 1024;

export interface ForwardPortRules {
  /**
   * host.conf [isolation] forward-ports; empty = only ports >= 1024; 'any' = no allow-list
   * (host.conf's own forwards).
   */
  allow: readonly PortRange[] | 'any';
  /** The host.conf the allow-list comes from (named in refusals). */
  allowFile: string;
  /** "tcp:22", "udp:53": ports host sockets hold (lib/observe/listening-ports.ts). */
  listening: ReadonlySet<string>;
}

/** The key of a protocol's port in a listening set. */
export function portKey(proto: ForwardSpec['proto'], port: number): string {
  return `${proto}:${port}`;
}

/** Why the allow-list refuses the forward's host port, or undefined. */
export function allowListRefusal(
  f: ForwardSpec,
  allow: ForwardPortRules['allow'],
  allowFile: string,
): string | undefined {
  if (allow === 'any') return undefined;
  if (allow.length === 0) {
    return f.hostPort >= FIRST_UNPRIVILEGED_PORT
      ? undefined
      : `${describe(f)}: host port ${f.hostPort} is below ${FIRST_UNPRIVILEGED_PORT} and ${allowFile} allows no other ([isolation] forward-ports)`;
  }
  if (allow.some((r) => f.hostPort >= r.from && f.hostPort <= r.to)) return undefined;
  return `${describe(f)}: host port ${f.hostPort} is not in [isolation] forward-ports of ${allowFile} (${allow.map(rangeText).join(', ')})`;
}

/** Why a host socket owns the forward's host port, or undefined. */
export function listenerRefusal(f: ForwardSpec, listening: ReadonlySet<string>): string | undefined {
  if (!listening.has(portKey(f.proto, f.hostPort))) return undefined;
  const how = f.proto === 'tcp' ? 'listens on' : 'is bound to';
  return `${describe(f)}: host port ${f.hostPort} is in use, a host socket ${how} ${f.proto} port ${f.hostPort}`;
}

/** The first refusal of a list of forwards: allow-list first, then listeners. */
export function forwardPortRefusal(
  forwards: readonly ForwardSpec[],
  rules: ForwardPortRules,
): { forward: ForwardSpec; why: string } | undefined {
  for (const f of forwards) {
    const why = allowListRefusal(f, rules.allow, rules.allowFile) ?? listenerRefusal(f, rules.listening);
    if (why) return { forward: f, why };
  }
  return undefined;
}

function describe(f: ForwardSpec): string {
  return `${f.proto}:${f.hostPort}:${f.ctPort}`;
}

function rangeText(r: PortRange): string {
  return r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`;
}

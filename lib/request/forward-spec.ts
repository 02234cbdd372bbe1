/**
 * Port forward specs: `PROTO:HOSTPORT:CTPORT` (tcp or udp, ports 1-65535), e.g. "tcp:8025:25".
 * Used by the OpenVZ CT config variable CTNET_FORWARD="tcp:8025:25 udp:5353:53" and by the
 * hook option --forward tcp:8025:25. Parsed without expanding anything.
 */
import { configError } from '../errors.js';
import type { ConfValue } from '../runtimes/openvz/vz-conf.js';

export const FORWARD_VAR = 'CTNET_FORWARD';

export interface ForwardSpec {
  proto: 'tcp' | 'udp';
  hostPort: number;
  ctPort: number;
}

/** One token, or the reason it is not a forward spec. */
export function parseForwardSpec(token: string): ForwardSpec | string {
  const m = /^(tcp|udp):(\d{1,5}):(\d{1,5})$/.exec(token);
  if (!m) return `"${token}" is not a port forward (PROTO:HOSTPORT:CTPORT, e.g. tcp:8025:25; PROTO tcp or udp)`;
  const [hostPort, ctPort] = [Number(m[2]), Number(m[3])];
  for (const p of [hostPort, ctPort]) if (p < 1 || p > 65535) return `"${token}": port ${p} is not 1-65535`;
  return { proto: m[1] as 'tcp' | 'udp', hostPort, ctPort };
}

/** A space separated list; a host port may appear once per protocol. */
export function parseForwardList(tokens: string[]): ForwardSpec[] | string {
  const out: ForwardSpec[] = [];
  for (const t of tokens) {
    const f = parseForwardSpec(t);
    if (typeof f === 'string') return f;
    if (out.some((o) => o.proto === f.proto && o.hostPort === f.hostPort))
      return `${f.proto} port ${f.hostPort} is forwarded twice`;
    out.push(f);
  }
  return out;
}

/** CTNET_FORWARD from a CT config, with file:line: KEY errors. */
export function confForwards(cv: ConfValue): ForwardSpec[] {
  const r = parseForwardList(cv.value.split(/\s+/).filter((t) => t !== ''));
  if (typeof r === 'string') throw configError(cv, r);
  return r;
}

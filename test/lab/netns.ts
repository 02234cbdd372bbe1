/**
 * Throwaway network namespaces for tests. Every name carries a per-process unique suffix;
 * `cleanup` removes everything a test made, even when it failed (register it with t.teardown).
 */
import { run, type RunResult } from '../../lib/doors/exec.js';

let counter = 0;

/** A short unique tag, e.g. "k3f2a" (interface names must stay within 15 characters). */
export function uniqueTag(): string {
  counter++;
  return `${(process.pid % 46656).toString(36)}${counter.toString(36)}${Math.floor(Math.random() * 36).toString(36)}`;
}

export async function sh(
  file: string,
  args: string[],
  opts: { input?: string; allowFailure?: boolean; timeoutMs?: number } = {},
): Promise<RunResult> {
  return run(file, args, {
    timeoutMs: opts.timeoutMs ?? 20_000,
    ...(opts.input !== undefined ? { input: opts.input } : {}),
    ...(opts.allowFailure ? { allowFailure: true } : {}),
  });
}

export async function addNetns(name: string): Promise<void> {
  await sh('ip', ['netns', 'add', name]);
  await sh('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
}

export async function delNetns(name: string): Promise<void> {
  await sh('ip', ['netns', 'del', name], { allowFailure: true });
}

/** `ip -n ns -j <args>` parsed. */
export async function ipJson<T = any>(ns: string, args: string[]): Promise<T> {
  const r = await sh('ip', ['-n', ns, '-j', ...args]);
  return JSON.parse(r.stdout || '[]') as T;
}

/** Run `ip -n ns -batch -` with the given lines. */
export async function ipBatch(ns: string, lines: string[]): Promise<void> {
  await sh('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n' });
}

/** Ping from inside a namespace; true when a reply came back. */
export async function ping(ns: string, target: string, count = 2): Promise<boolean> {
  const r = await sh('ip', ['netns', 'exec', ns, 'ping', '-c', String(count), '-i', '0.2', '-W', '2', target], {
    allowFailure: true,
  });
  return r.exitCode === 0;
}

export interface RouteJson {
  dst: string;
  /** "blackhole", "unreachable"...; absent for a unicast route. */
  type?: string;
  dev?: string;
  gateway?: string;
  protocol?: string;
  metric?: number;
  /** Absent for main. */
  table?: string;
  scope?: string;
  flags?: string[];
}

/**
 * ctnet's routes (proto 213) to `dst` (A.B.C.D/32 or an IPv6 /128) in every table, as
 * "TABLE METRIC" ("main 100", "212 200"), sorted; a class marker (a blackhole) as "TABLE marker".
 */
export async function ctnetRoutesTo(ns: string, dst: string): Promise<string[]> {
  const fam = dst.includes(':') ? ['-6'] : [];
  return (await ipJson<RouteJson[]>(ns, [...fam, 'route', 'show', 'table', 'all', dst, 'proto', '213']))
    .map((x) => `${x.table ?? 'main'} ${x.type === 'blackhole' ? 'marker' : (x.metric ?? 0)}`)
    .sort();
}
export interface LinkJson {
  ifname: string;
  mtu: number;
  master?: string;
  operstate: string;
  flags: string[];
  address: string;
}
export interface AddrJson {
  ifname: string;
  addr_info: Array<{ family: string; local: string; prefixlen: number }>;
}

/**
 * Wait (at most `ms`) until `dev`'s IPv6 link-local address has finished the kernel's DAD: until
 * then the node cannot send neighbour solicitations or proxy advertisements from it.
 */
export async function waitLinkLocal(ns: string, dev: string, ms = 5_000): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    const all = await ipJson<AddrJson[]>(ns, ['-6', 'addr', 'show', 'dev', dev, 'scope', 'link']);
    const tentative = await ipJson<AddrJson[]>(ns, ['-6', 'addr', 'show', 'dev', dev, 'scope', 'link', 'tentative']);
    if ((all[0]?.addr_info.length ?? 0) > 0 && (tentative[0]?.addr_info.length ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${ns}: the link-local address of ${dev} is still tentative after ${ms} ms`);
}

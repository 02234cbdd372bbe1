/**
 * One question to bgpd over its vtysh socket (/var/run/frr[/NAME]/bgpd.vty), the way vtysh
 * talks to a daemon: the command and a NUL out; the answer ends with three NULs and a status
 * byte (0: success). The socket, not a vtysh process: vtysh builds every daemon's command tree
 * before it asks anything, which would be most of an up's time (docs/bench.md). A bounded answer, a
 * timeout, and undefined on every failure (no socket, refused, an error status, no answer in time):
 * the caller treats it as "FRR cannot be asked".
 */
import type * as Net from 'node:net';
import { join } from 'node:path';
import { builtinModule } from './builtin-module.js';

const MAX_ANSWER = 4 * 1024 * 1024;

/** How long a hook or `ctnet check` waits for one FRR daemon's answer. */
export const VTY_TIMEOUT_MS = 1_000;

/** bgpd's vty socket of the default FRR, or of pathspace `name` (vtysh -N NAME). */
export function bgpdVtyPath(pathspace?: string): string {
  return join('/var/run/frr', ...(pathspace ? [pathspace] : []), 'bgpd.vty');
}

export function askBgpd(socketPath: string, command: string, timeoutMs: number): Promise<string | undefined> {
  const { createConnection } = builtinModule<typeof Net>('node:net');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const sock = createConnection({ path: socketPath });
    const done = (v: string | undefined): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(v);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    sock.on('error', () => done(undefined));
    sock.on('close', () => done(undefined));
    sock.on('connect', () => sock.write(`${command}\0`));
    sock.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > MAX_ANSWER) return done(undefined);
      const all = chunks.length === 1 ? chunk : Buffer.concat(chunks);
      const n = all.length;
      if (n >= 4 && all[n - 4] === 0 && all[n - 3] === 0 && all[n - 2] === 0)
        done(all[n - 1] === 0 ? all.subarray(0, n - 4).toString('utf8') : undefined);
    });
  });
}

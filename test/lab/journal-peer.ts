/**
 * A journald-like peer for the journal writers: a real unix stream socket server in the test
 * process that keeps the bytes of each connection, and a driver process that sends lines with
 * lib/doors/log/journal-stream.ts, bundled as the hooks are (esbuild, CommonJS), so its exit code,
 * its stderr and whether it loaded node:net can be checked.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { build } from 'esbuild';
import type { Test } from 'tap';
import { run } from '../../lib/doors/exec.js';
import { REPO } from './vz-lab.js';

export interface Peer {
  socket: string;
  /** The bytes of the first connection once the client ended it (or a note after 10 s). */
  received: () => Promise<string>;
  connections: () => number;
  /** Socket errors the server saw (a client may close right after its end of stream). */
  errors: Error[];
}

/** Listen on `<dir>/journal.sock`; `read: false` accepts but never reads (a stuck journald). */
export async function journalPeer(t: Test, dir: string, o: { read: boolean } = { read: true }): Promise<Peer> {
  const socket = path.join(dir, 'journal.sock');
  const conns: net.Socket[] = [];
  const errors: Error[] = [];
  let resolveFirst: (text: string) => void = () => undefined;
  const first = new Promise<string>((resolve) => {
    resolveFirst = resolve;
  });
  const server = net.createServer((c) => {
    conns.push(c);
    c.on('error', (e) => errors.push(e));
    if (!o.read) return void c.pause();
    const isFirst = conns.length === 1;
    const chunks: Buffer[] = [];
    c.on('data', (b: Buffer) => chunks.push(b));
    c.on('end', () => {
      if (isFirst) resolveFirst(Buffer.concat(chunks).toString('utf8'));
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(socket, resolve));
  t.teardown(() => {
    for (const c of conns) c.destroy();
    return new Promise<void>((resolve) => server.close(() => resolve()));
  });
  const late = new Promise<string>((resolve) =>
    setTimeout(() => resolve('(no complete stream within 10 s)'), 10_000).unref(),
  );
  return { socket, received: () => Promise.race([first, late]), connections: () => conns.length, errors };
}

const DRIVER = `import { writeSync } from 'node:fs';
import { openJournalStream } from ${JSON.stringify(path.join(REPO, 'lib/doors/log/journal-stream.ts'))};
const [socket, count, size, timeoutMs] = process.argv.slice(2);
const lines = Array.from({ length: Number(count) }, (_, i) => '<6>line ' + i + ' ' + 'x'.repeat(Number(size)));
let timers = 0;
const setTimeoutOfNode = globalThis.setTimeout;
(globalThis as any).setTimeout = (...a: any[]) => { timers++; return (setTimeoutOfNode as any)(...a); };
openJournalStream({
  socket, identifier: 'ctnet', priority: 30, timeoutMs: Number(timeoutMs),
  onFailure: (e) => writeSync(1, 'failure: ' + e.message + '\\n'),
}).send(lines);
process.on('exit', () => writeSync(1, 'timers: ' + timers + '\\n'));
`;

/** Bundle the driver into `dir` (once per test file). */
export async function buildJournalDriver(dir: string): Promise<string> {
  const src = path.join(dir, 'driver.ts');
  fs.writeFileSync(src, DRIVER);
  const out = path.join(dir, 'driver.cjs');
  await build({
    entryPoints: [src],
    outfile: out,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'error',
  });
  return out;
}

export interface DriverOptions {
  socket: string;
  lines: number;
  /** Bytes of filler per line. */
  size?: number;
  timeoutMs?: number;
  env?: Record<string, string>;
  nodeArgs?: string[];
}

export interface DriverRun {
  exitCode: number;
  timedOut: boolean;
  stderr: string;
  failures: string[];
  /** setTimeout calls made by the writer (a timer is armed only while journald has not taken the text). */
  timers: number;
}

/**
 * Run the driver with nothing but PATH and `o.env` in its environment. Through `env -i`: the
 * test runner adds its own NODE_OPTIONS (a loader that loads node:net) to every child's.
 */
export async function runJournalDriver(driver: string, o: DriverOptions): Promise<DriverRun> {
  const env = Object.entries({ PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...o.env }).map(([k, v]) => `${k}=${v}`);
  const args = [
    ...(o.nodeArgs ?? []),
    driver,
    o.socket,
    String(o.lines),
    String(o.size ?? 0),
    String(o.timeoutMs ?? 2000),
  ];
  const r = await run('env', ['-i', ...env, process.execPath, ...args], { timeoutMs: 20_000, allowFailure: true });
  const out = r.stdout.split('\n');
  return {
    exitCode: r.exitCode,
    timedOut: r.timedOut,
    stderr: r.stderr,
    failures: out.filter((l) => l.startsWith('failure: ')).map((l) => l.slice(9)),
    timers: Number(out.find((l) => l.startsWith('timers: '))?.slice(8) ?? NaN),
  };
}

/** What journald must receive for `lines` driver lines of `size` filler bytes. */
export function expectedJournalText(lines: number, size = 0): string {
  const body = Array.from({ length: lines }, (_, i) => `<6>line ${i} ${'x'.repeat(size)}\n`).join('');
  return `ctnet\n\n30\n1\n0\n0\n0\n${body}`;
}

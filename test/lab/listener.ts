/**
 * A host service stand-in: a TCP listener or a bound UDP socket on one port inside a test's
 * own namespace (python3), ready when the promise resolves, killed by its PID at teardown.
 *
 *   await listenIn(t, ns, { proto: 'tcp', port: 22, family: 6 });
 */
import { spawn } from 'node:child_process';

export interface ListenSpec {
  proto: 'tcp' | 'udp';
  port: number;
  /** 4: 0.0.0.0; 6: [::] (dual-stack, as sshd's default). Default 4. */
  family?: 4 | 6;
}

const SCRIPT = `
import socket, sys, time
proto, port, fam = sys.argv[1], int(sys.argv[2]), sys.argv[3]
s = socket.socket(socket.AF_INET6 if fam == '6' else socket.AF_INET, socket.SOCK_STREAM if proto == 'tcp' else socket.SOCK_DGRAM)
s.bind(('::' if fam == '6' else '0.0.0.0', port))
if proto == 'tcp': s.listen(8)
print('ready', flush=True)
time.sleep(600)
`;

export function listenIn(t: { teardown: (fn: () => void) => void }, ns: string, spec: ListenSpec): Promise<void> {
  const child = spawn(
    'ip',
    ['netns', 'exec', ns, 'python3', '-c', SCRIPT, spec.proto, String(spec.port), String(spec.family ?? 4)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  t.teardown(() => {
    child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`listener ${spec.proto}:${spec.port} in ${ns}: not ready after 10 s`)),
      10_000,
    );
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`listener ${spec.proto}:${spec.port} in ${ns} exited ${code}: ${err}`));
    });
  });
}

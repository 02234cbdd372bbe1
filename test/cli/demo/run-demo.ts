// not-unit: needs root and the built CLI (ip netns lab)
/**
 * The BUILT `ctnet demo`: runs the real hooks, shows a working ping, and leaves nothing behind
 * (netns, temp dir) — after a full run, and when killed while building or while waiting.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import t from 'tap';
import { run } from '../../../lib/doors/exec.js';

import { CTNET } from '../../lab/executables.js';

interface DemoRun {
  code: number | null;
  stdout: string;
  tag: string;
}

/** Start the demo; `killAt` sends `signal` once the output matches. */
function demo(args: string[], killAt?: { pattern: RegExp; signal: NodeJS.Signals }): Promise<DemoRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(CTNET, ['demo', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let sent = false;
    const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
      if (killAt && !sent && killAt.pattern.test(stdout)) {
        sent = true;
        child.kill(killAt.signal);
      }
    });
    child.stderr.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, tag: /lab "([0-9a-f]+)"/.exec(stdout)?.[1] ?? 'no-tag' });
    });
  });
}

async function leftovers(tag: string): Promise<string[]> {
  const ns = (await run('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.includes(tag));
  const dirs = fs.readdirSync(os.tmpdir()).filter((d) => d.includes(`ctnet-demo-${tag}`));
  // Open vSwitch daemons the demo started carry its temp dir on their command line.
  const procs = (await run('pgrep', ['-af', `ctnet-demo-${tag}`], { allowFailure: true })).stdout
    .split('\n')
    .filter((l) => l.trim());
  return [...ns, ...dirs, ...procs];
}

t.test('a full run pings between the containers and removes everything', async (t) => {
  const r = await demo([]);
  t.equal(r.code, 0, r.stdout);
  t.not(r.tag, 'no-tag', 'demo names its lab');
  t.match(r.stdout, /ctnet-vznet: CT 101: host side of veth101\.0: ok/, 'the real hook ran for CT 101');
  t.match(r.stdout, /ports of br0: veth101\.0\S*\s+UP/, 'veth on the bridge');
  t.match(r.stdout, /route: 10\.77\.0\.102 dev br0/, 'host route to CT 102');
  t.match(r.stdout, /addr: eth0\S*\s+UP\s+10\.77\.0\.101\/24/, 'CT address set by the hook');
  t.match(r.stdout, /CT 101 -> 10\.77\.0\.102: ok/, 'CT 101 reaches CT 102');
  t.match(
    r.stdout,
    /ovs: veth103\.0\s+10\s+\{ctnet-ifname=eth0, ctnet-owner="vz:103"\}/,
    'OVS port with tag and owner',
  );
  t.match(r.stdout, /CT 103 -> 10\.77\.0\.104: ok/, 'CT 103 reaches CT 104 over OVS VLAN 10');
  t.match(r.stdout, /ctnet-umount: CT 102: down/, 'umount hook ran');
  t.match(r.stdout, /removed the lab/);
  t.same(await leftovers(r.tag), [], 'no netns, no temp dir left');
});

t.test('killed while building (SIGTERM): stops and removes what it made', async (t) => {
  const r = await demo([], { pattern: /== containers/, signal: 'SIGTERM' });
  t.equal(r.code, 143, r.stdout);
  t.match(r.stdout, /SIGTERM: stopping; removing the lab/);
  t.same(await leftovers(r.tag), [], 'no netns, no temp dir, no OVS daemon left');
});

t.test('--no-ovs: Linux bridge only', async (t) => {
  const r = await demo(['--no-ovs']);
  t.equal(r.code, 0, r.stdout);
  t.match(r.stdout, /Open vSwitch left out: --no-ovs/);
  t.notMatch(r.stdout, /CT 103/);
  t.same(await leftovers(r.tag), []);
});

t.test('Ctrl-C while the lab is up (--wait): removes everything', async (t) => {
  const r = await demo(['--wait'], { pattern: /press Ctrl-C/, signal: 'SIGINT' });
  t.equal(r.code, 130, r.stdout);
  t.match(r.stdout, /CT 101 -> 10\.77\.0\.102: ok/, 'the lab was up');
  t.match(r.stdout, /ctnet-umount: CT 101: down/, 'stopping still runs the umount hooks');
  t.same(await leftovers(r.tag), [], 'no netns, no temp dir left');
});

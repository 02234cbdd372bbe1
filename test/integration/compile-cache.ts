/**
 * The built hooks' start-up (lib/boot/run-bundle.ts) on the Node that runs the tests: on Node
 * 22.1+ the first run leaves the bundle's copy and Node's compile cache in CTNET_CACHE_DIR and
 * later runs use them; on Node 20 nothing is written; a copy planted in a directory others can
 * write is never run; CTNET_CODE_CACHE=0 writes nothing.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t, { type Test } from 'tap';
import { run } from '../../lib/doors/exec.js';
import { HOOK_UMOUNT, HOOK_PATH } from '../lab/executables.js';

const hasCompileCache =
  Number(process.versions.node.split('.')[0]) > 22 ||
  (process.versions.node.startsWith('22.') && Number(process.versions.node.split('.')[1]) >= 1);

function scratch(t: Test): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-cc-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.mkdirSync(path.join(dir, 'vz/conf'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'vz/vz.conf'), '');
  fs.writeFileSync(
    path.join(dir, 'vz/conf/101.conf'),
    'NETIF="ifname=eth0,host_ifname=veth101.0"\nVETH_IP_ADDRESS="10.0.0.31/24"\nBRIDGEDEV="br0"\n',
  );
  return dir;
}

const dryUmount = (dir: string, cache: string, extra: Record<string, string> = {}) =>
  run(
    'env',
    [
      '-i',
      `PATH=${HOOK_PATH}`,
      'VEID=101',
      'CTNET_SYSLOG=0',
      `CTNET_CACHE_DIR=${cache}`,
      ...Object.entries(extra).map(([k, v]) => `${k}=${v}`),
      HOOK_UMOUNT,
      '--dry-run',
      '--vz-dir',
      path.join(dir, 'vz'),
      '--run-dir',
      path.join(dir, 'run'),
    ],
    { allowFailure: true },
  );

t.test(`first and later runs (Node ${process.versions.node})`, async (t) => {
  const dir = scratch(t);
  const cache = path.join(dir, 'cache');
  for (const round of [1, 2]) {
    const r = await dryUmount(dir, cache);
    t.equal(r.exitCode, 0, r.stderr);
    t.match(r.stdout, /route del 10\.0\.0\.31\/32 dev br0 proto 213/, `run ${round} did the hook's work`);
  }
  if (!hasCompileCache) {
    t.notOk(fs.existsSync(cache), 'Node 20: no compile cache, nothing written');
    return;
  }
  const files = fs.readdirSync(cache).sort();
  t.equal(files.filter((f) => /^ctnet-umount-[0-9a-f]{16}\.cjs$/.test(f)).length, 1, 'one copy of the bundle');
  const nodeDirs = files.filter((f) => f.startsWith(`v${process.versions.node}-`));
  t.equal(nodeDirs.length, 1, "Node's compile cache of this Node");
  t.ok(fs.readdirSync(path.join(cache, nodeDirs[0]!)).length > 0, 'holds compiled code');
  t.equal(fs.statSync(cache).mode & 0o777, 0o700, 'the directory is private');
});

t.test(
  'a planted copy in a directory others can write is not run; CTNET_CODE_CACHE=0 writes nothing',
  { skip: !hasCompileCache && 'Node 20 never loads a copy' },
  async (t) => {
    const dir = scratch(t);
    const good = path.join(dir, 'good');
    t.equal((await dryUmount(dir, good)).exitCode, 0);
    const name = fs.readdirSync(good).find((f) => f.endsWith('.cjs'))!;
    const open = path.join(dir, 'open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    const marker = path.join(dir, 'planted-ran');
    fs.writeFileSync(path.join(open, name), `require('fs').writeFileSync(${JSON.stringify(marker)}, 'x');`);
    const r = await dryUmount(dir, open);
    t.equal(r.exitCode, 0, r.stderr);
    t.match(r.stdout, /route del 10\.0\.0\.31/, 'the hook ran from its own bundle');
    t.notOk(fs.existsSync(marker), 'the planted copy never ran');
    const off = path.join(dir, 'off');
    t.equal((await dryUmount(dir, off, { CTNET_CODE_CACHE: '0' })).exitCode, 0);
    t.notOk(fs.existsSync(off), 'CTNET_CODE_CACHE=0: nothing written');
  },
);

/**
 * lib/state/address-registry.ts: claims are all-or-nothing, refused naming the holder while it
 * is live, taken over when it is not, released only by their owner; bad files are moved aside.
 */
import t, { type Test } from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { claimAddresses, heldByOthers, ownerLabel, releaseAddresses } from '../../lib/state/address-registry.js';

function runDir(t: Test): string {
  const dir = t.testdir();
  fs.chmodSync(dir, 0o755);
  return path.join(dir, 'run');
}

/** Whether an entry is there (the claims are symlinks to no file: existsSync would follow them). */
const exists = (p: string): boolean => fs.readdirSync(path.dirname(p)).includes(path.basename(p));

const want = (...a: string[]) => a.map((address) => ({ address, from: '/etc/vz/conf/X.conf:2: VETH_IP_ADDRESS' }));

t.test('claim, claim again, refuse another owner naming the holder, release', async (t) => {
  const run = runDir(t);
  const warn: string[] = [];
  const base = { runDir: run, warn: (l: string) => warn.push(l), isLive: () => true };
  t.same(
    await claimAddresses({ ...base, owner: 'vz-101', part: 'veth101.0', addresses: want('10.0.0.5', '2001:db8::5') }),
    ['10.0.0.5', '2001:db8::5'],
  );
  t.same(fs.readdirSync(path.join(run, 'addr')).sort(), ['10.0.0.5', '2001-db8--5'], 'one entry per address');
  t.equal(
    fs.readlinkSync(path.join(run, 'addr', '2001-db8--5')),
    'ctnet1:vz-101:veth101.0',
    'a symlink whose target is the claim',
  );
  t.same(
    await claimAddresses({ ...base, owner: 'vz-101', part: 'veth101.0', addresses: want('10.0.0.5') }),
    [],
    'claiming what one holds is a no-op',
  );
  await t.rejects(
    claimAddresses({ ...base, owner: 'vz-102', part: 'veth102.0', addresses: want('10.0.0.9', '10.0.0.5') }),
    {
      code: 'E_ADDRESS_TAKEN',
      message: '/etc/vz/conf/X.conf:2: VETH_IP_ADDRESS: "10.0.0.5" is held by CT 101 (veth101.0), which is running',
    },
  );
  t.notOk(exists(path.join(run, 'addr', '10.0.0.9')), 'all or nothing: the free address was not claimed either');
  t.same(
    [...heldByOthers({ runDir: run, warn: base.warn, owner: 'vz-102', addresses: ['10.0.0.5', '10.0.0.9'] }).keys()],
    ['10.0.0.5'],
  );
  await releaseAddresses({ runDir: run, warn: base.warn, owner: 'vz-102', addresses: ['10.0.0.5'] });
  t.ok(exists(path.join(run, 'addr', '10.0.0.5')), 'another owner cannot release it');
  await releaseAddresses({ runDir: run, warn: base.warn, owner: 'vz-101', addresses: ['10.0.0.5', '2001:db8::5'] });
  await releaseAddresses({ runDir: run, warn: base.warn, owner: 'vz-101', addresses: ['10.0.0.5', '2001:db8::5'] });
  t.same(fs.readdirSync(path.join(run, 'addr')), [], 'released (twice is fine)');
  t.same(fs.readdirSync(path.join(run, 'locks')), [], 'no lock left');
  t.same(warn, []);
});

t.test('a claim whose veth is gone is taken over', async (t) => {
  const run = runDir(t);
  const base = { runDir: run, warn: () => undefined };
  await claimAddresses({ ...base, isLive: () => true, owner: 'lxc-a', part: 'vethA', addresses: want('10.0.0.5') });
  const seen: string[] = [];
  t.same(
    await claimAddresses({
      ...base,
      isLive: (c) => (seen.push(c.part), false),
      owner: 'lxc-b',
      part: 'vethB',
      addresses: want('10.0.0.5'),
    }),
    ['10.0.0.5'],
  );
  t.same(seen, ['vethA'], "liveness asked about the holder's veth");
  t.equal(fs.readlinkSync(path.join(run, 'addr', '10.0.0.5')), 'ctnet1:lxc-b:vethB');
});

t.test('a bad entry is moved aside with one warning and not trusted', async (t) => {
  const run = runDir(t);
  const warn: string[] = [];
  await claimAddresses({
    runDir: run,
    warn: () => undefined,
    isLive: () => true,
    owner: 'vz-101',
    part: 'veth101.0',
    addresses: want('10.0.0.5', '10.0.0.6'),
  });
  fs.unlinkSync(path.join(run, 'addr', '10.0.0.5'));
  fs.symlinkSync('ctnet1:vz-101:x y', path.join(run, 'addr', '10.0.0.5'));
  fs.unlinkSync(path.join(run, 'addr', '10.0.0.6'));
  fs.writeFileSync(path.join(run, 'addr', '10.0.0.6'), 'ctnet1:vz-101:veth101.0');
  t.same(
    await claimAddresses({
      runDir: run,
      warn: (l) => warn.push(l),
      isLive: () => true,
      owner: 'vz-102',
      part: 'veth102.0',
      addresses: want('10.0.0.5', '10.0.0.6'),
    }),
    ['10.0.0.5', '10.0.0.6'],
  );
  t.match(warn, [
    /address claim ".*10\.0\.0\.5" is not usable \(veth is not an interface name\); moved aside to ".*10\.0\.0\.5\.bad"/,
    /address claim ".*10\.0\.0\.6" is not usable \(not a symlink\); moved aside/,
  ]);
  t.ok(fs.lstatSync(path.join(run, 'addr', '10.0.0.6.bad')).isFile(), 'kept for the admin');
  fs.unlinkSync(path.join(run, 'addr', '10.0.0.5'));
  fs.symlinkSync('/etc/passwd', path.join(run, 'addr', '10.0.0.5'));
  warn.length = 0;
  t.same(
    heldByOthers({ runDir: run, warn: (l) => warn.push(l), owner: 'vz-1', addresses: ['10.0.0.5'], keepBad: true })
      .size,
    0,
    'a link to a path is no claim (never followed)',
  );
  t.match(warn, [/not "ctnet1:OWNER:VETH"/]);
  t.ok(fs.lstatSync(path.join(run, 'addr', '10.0.0.5')).isSymbolicLink(), 'keepBad leaves it (dry runs)');
});

t.test('a refused claim leaves none of the addresses it took on the way', async (t) => {
  const run = runDir(t);
  const base = { runDir: run, warn: () => undefined, isLive: () => true };
  await claimAddresses({ ...base, owner: 'vz-101', part: 'veth101.0', addresses: want('10.0.0.9') });
  await t.rejects(
    claimAddresses({
      ...base,
      owner: 'vz-102',
      part: 'veth102.0',
      addresses: want('10.0.0.7', '10.0.0.8', '10.0.0.9'),
    }),
    { code: 'E_ADDRESS_TAKEN' },
  );
  t.same(fs.readdirSync(path.join(run, 'addr')), ['10.0.0.9']);
});

t.test('concurrent claims of one address: exactly one wins', async (t) => {
  const run = runDir(t);
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) =>
      claimAddresses({
        runDir: run,
        warn: () => undefined,
        isLive: () => true,
        owner: `vz-${i}`,
        part: `veth${i}.0`,
        addresses: want('10.0.0.5'),
      }),
    ),
  );
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
});

t.test('owner labels', async (t) => {
  t.equal(ownerLabel('vz-101'), 'CT 101');
  t.equal(ownerLabel('lxc-web'), 'container web');
});

/** The decision table of detectBridgeKind, with a stand-in ovs-vsctl that answers with a chosen exit/stderr. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import t from 'tap';
import { detectBridgeKind } from '../../lib/ovs/bridge-kind.js';
import type { LinkState } from '../../lib/net/link-state.js';

const dir = t.testdir({});
function fakeOvs(exit: number, stderr = ''): string[] {
  const file = path.join(dir, `ovs-vsctl-${exit}-${stderr.length}`);
  fs.writeFileSync(file, `#!/bin/sh\necho "$@" > ${dir}/args\n[ -n "${stderr}" ] && echo "${stderr}" >&2\nexit ${exit}\n`, { mode: 0o755 });
  return [file];
}
const exists: LinkState = { name: 'sw0', exists: true, isLinuxBridge: false };
const missing: LinkState = { name: 'sw0', exists: false };
const ctx = (ovsVsctl: string[]) => ({ ovsVsctl, ovsTimeoutSec: 3 });
const DOWN = 'ovs-vsctl: unix:/x/db.sock: database connection failed (No such file or directory)';

t.test('a Linux bridge never asks OVS', async (t) => {
  t.equal(await detectBridgeKind('br0', { name: 'br0', exists: true, isLinuxBridge: true }, ctx(['/nonexistent/ovs-vsctl'])), 'linux');
});

t.test('br-exists answers', async (t) => {
  t.equal(await detectBridgeKind('sw0', exists, ctx(fakeOvs(0))), 'ovs');
  t.equal(fs.readFileSync(path.join(dir, 'args'), 'utf8').trim(), '--timeout=3 br-exists sw0', 'asked with a timeout');
  t.equal(await detectBridgeKind('sw0', missing, ctx(fakeOvs(0))), 'ovs', 'an OVS bridge whose device is not there (yet)');
  t.equal(await detectBridgeKind('sw0', exists, ctx(fakeOvs(2))), 'other');
  t.equal(await detectBridgeKind('sw0', missing, ctx(fakeOvs(2))), 'missing');
});

t.test('OVS absent or down', async (t) => {
  t.equal(await detectBridgeKind('sw0', missing, ctx(['/nonexistent/ovs-vsctl'])), 'missing', 'not installed, no device');
  t.equal(await detectBridgeKind('sw0', exists, ctx(['/nonexistent/ovs-vsctl'])), 'other', 'not installed, some device');
  t.equal(await detectBridgeKind('sw0', missing, ctx(fakeOvs(1, DOWN))), 'missing', 'down, no device: "does not exist" is the useful message');
  await t.rejects(detectBridgeKind('sw0', exists, ctx(fakeOvs(1, DOWN))), { code: 'E_OVS_DOWN', message: /^Open vSwitch is unreachable: database connection failed/ },
    'down, device exists: it may be an OVS bridge, say OVS is unreachable');
  await t.rejects(detectBridgeKind('sw0', exists, ctx(fakeOvs(1, 'ovs-vsctl: something else'))), { code: 'E_OVS' });
});

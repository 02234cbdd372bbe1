/** lib/boot/called-as.ts: the executable a name stands for, along the link chain. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import t from 'tap';
import { aliasOf, calledAs } from '../../lib/boot/called-as.js';

t.test("names and the runtimes' names for hook points", async (t) => {
  t.equal(aliasOf('ctnet-lxc'), 'ctnet-lxc');
  t.equal(aliasOf('vznetcfg'), 'ctnet-vznetcfg');
  t.equal(aliasOf('vps.umount'), 'ctnet-umount');
  t.equal(aliasOf('101.umount'), 'ctnet-umount');
  t.equal(aliasOf('a.umount'), undefined);
  t.equal(aliasOf('ctnet-nope'), undefined);
});

t.test('follows the link chain from the path called', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-called-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'ctnet'), '');
  fs.symlinkSync('ctnet', path.join(dir, 'ctnet-vznetcfg'));
  fs.symlinkSync(path.join(dir, 'ctnet-vznetcfg'), path.join(dir, 'site-net-hook'));
  fs.symlinkSync('site-net-hook', path.join(dir, 'another'));
  fs.symlinkSync('ctnet', path.join(dir, 'unknown'));
  t.equal(calledAs(path.join(dir, 'another')), 'ctnet-vznetcfg', "two links, then the hook's name");
  t.equal(calledAs(path.join(dir, 'ctnet')), 'ctnet');
  t.equal(calledAs(path.join(dir, 'unknown')), 'ctnet', 'a link to the binary itself: its own name');
  t.equal(calledAs('another', `/nonexistent:${dir}`), 'ctnet-vznetcfg', 'a bare name is looked up in PATH');
  fs.writeFileSync(path.join(dir, 'plain'), '');
  t.equal(calledAs(path.join(dir, 'plain')), undefined, 'no known name anywhere');
  fs.symlinkSync('loop2', path.join(dir, 'loop1'));
  fs.symlinkSync('loop1', path.join(dir, 'loop2'));
  t.equal(calledAs(path.join(dir, 'loop1')), undefined, 'a link loop ends');
});

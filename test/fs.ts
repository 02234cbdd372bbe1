/** lib/fs.ts writeToFd: whole text, synchronously; a closed descriptor or a gone reader is not an error. */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { writeToFd } from '../lib/fs.js';

t.test('writes all of a large text to a file', async (t) => {
  const file = path.join(t.testdir(), 'out');
  const fd = fs.openSync(file, 'w');
  const text = 'x'.repeat(300_000) + '\n';
  writeToFd(fd, text);
  fs.closeSync(fd);
  t.equal(fs.readFileSync(file, 'utf8'), text);
});

t.test('a closed descriptor is quietly skipped', async (t) => {
  const fd = fs.openSync(path.join(t.testdir(), 'out'), 'w');
  fs.closeSync(fd);
  t.doesNotThrow(() => writeToFd(fd, 'lost\n'));
});

t.test('the built hook survives a reader that went away (EPIPE) and a closed stderr', async (t) => {
  const dir = t.testdir({ run: {} });
  const hook = path.resolve('dist/hooks/ctnet-umount');
  const args = `${hook} --vz-dir ${dir} --run-dir ${dir}/run`;
  // stderr into a pipe whose reader has already exited; then stderr closed outright.
  const r = spawnSync('unshare', ['-n', 'bash', '-c', `(sleep 0.2; VEID=101 CTNET_SYSLOG=0 ${args} 2>&1 >/dev/null) | true; echo "rc=\${PIPESTATUS[0]}"; VEID=101 CTNET_SYSLOG=0 ${args} 2>&-; echo "rc=$?"`], { encoding: 'utf8' });
  t.equal(r.stdout, 'rc=0\nrc=0\n', r.stderr);
});

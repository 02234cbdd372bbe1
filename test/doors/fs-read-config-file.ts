/**
 * lib/doors/fs.ts readConfigFile: a bounded read of an input file. Regular files of at most 1 MiB
 * only, checked with fstat on the opened descriptor before any byte is read; a FIFO, a device,
 * a directory or a 400 MB sparse file is refused at once, with one line naming the file.
 */
import t from 'tap';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { MAX_INPUT_BYTES, readConfigFile, readConfigFileRequired } from '../../lib/doors/fs.js';

t.test('a regular file is read whole; a missing one is undefined', async (t) => {
  const dir = t.testdir({ 'a.conf': 'X="1"\n', 'max.conf': 'x'.repeat(MAX_INPUT_BYTES) });
  t.equal(readConfigFile(path.join(dir, 'a.conf')), 'X="1"\n');
  t.equal(readConfigFile(path.join(dir, 'max.conf'))?.length, MAX_INPUT_BYTES, 'exactly 1 MiB is fine');
  t.equal(readConfigFile(path.join(dir, 'none.conf')), undefined);
  t.equal(readConfigFile(path.join(dir, 'none', 'x.conf')), undefined, 'a missing directory too');
  t.throws(() => readConfigFileRequired(path.join(dir, 'none.conf')), { code: 'E_NOFILE', message: /none\.conf/ });
});

t.test('special and oversized files are refused before reading, within a second', async (t) => {
  const dir = t.testdir({ sub: {}, 'big.conf': 'x'.repeat(MAX_INPUT_BYTES + 1) });
  const fifo = path.join(dir, 'fifo.conf');
  t.equal(spawnSync('mkfifo', [fifo]).status, 0);
  const sparse = path.join(dir, 'sparse.conf');
  fs.closeSync(fs.openSync(sparse, 'w'));
  fs.truncateSync(sparse, 400 * 1024 * 1024);
  const cases: Array<[string, RegExp]> = [
    [fifo, /"[^"]*fifo\.conf" is a FIFO, not a regular file: refusing to read it/],
    ['/dev/zero', /"\/dev\/zero" is a character device, not a regular file/],
    ['/dev/null', /"\/dev\/null" is a character device/],
    [path.join(dir, 'sub'), /"[^"]*sub" is a directory, not a regular file/],
    [path.join(dir, 'big.conf'), /is larger than 1048576 bytes \(1048577\)/],
    [sparse, /is larger than 1048576 bytes \(419430400\)/],
  ];
  for (const [file, re] of cases) {
    const start = Date.now();
    t.throws(() => readConfigFile(file), { code: 'E_INPUT', message: re }, file);
    t.ok(Date.now() - start < 1000, `${path.basename(file)}: refused within a second`);
  }
  t.equal(
    readConfigFile(path.join(dir, 'big.conf'), { maxBytes: 2 * MAX_INPUT_BYTES })?.length,
    MAX_INPUT_BYTES + 1,
    'maxBytes raises the bound',
  );
});

t.test('symlinks: followed by default, refused with noFollow', async (t) => {
  const dir = t.testdir({ 'real.conf': 'A=1\n' });
  const link = path.join(dir, 'link.conf');
  fs.symlinkSync(path.join(dir, 'real.conf'), link);
  t.equal(readConfigFile(link), 'A=1\n', 'OpenVZ 7 links CT configs: followed');
  t.throws(() => readConfigFile(link, { noFollow: true }), { code: 'E_INPUT', message: /is a symbolic link/ });
  const toFifo = path.join(dir, 'to-fifo.conf');
  spawnSync('mkfifo', [path.join(dir, 'f')]);
  fs.symlinkSync(path.join(dir, 'f'), toFifo);
  t.throws(
    () => readConfigFile(toFifo),
    { code: 'E_INPUT', message: /is a FIFO/ },
    'a link to a FIFO is checked on what it opened',
  );
});

/**
 * A fresh temp dir with an empty `run/` inside, removed when the test ends. For what
 * t.testdir does not fit: unix socket paths (at most 108 bytes; t.testdir paths are longer),
 * and several fresh dirs in one test.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Test } from 'tap';

export function tempDirWithRun(t: Test, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `ctnet-${prefix}-`));
  fs.mkdirSync(path.join(dir, 'run'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

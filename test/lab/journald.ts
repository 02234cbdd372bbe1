/**
 * A real systemd-journald for one test (test/lab/with-journald.sh in a private mount
 * namespace): run a command, then read what journald stored under the tag "ctnet".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from '../../lib/doors/exec.js';
import { REPO } from './vz-lab.js';

export const JOURNALD = '/lib/systemd/systemd-journald';
export const WITH_JOURNALD = path.join(REPO, 'test/lab/with-journald.sh');

export interface JournalRun {
  /** The command's exit code and stderr, and the journal entries tagged "ctnet". */
  exitCode: number;
  stderr: string;
  entries: Array<Record<string, string>>;
}

/** Run `argv` with a private journald; `waitFor`: a text the last expected entry contains. */
export async function runWithJournald(argv: string[], waitFor: string): Promise<JournalRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ctnet-journald-'));
  try {
    const out = path.join(dir, 'entries.json');
    const r = await run(
      'unshare',
      ['-m', 'env', `JOURNAL_OUT=${out}`, `JOURNAL_WAIT_FOR=${waitFor}`, WITH_JOURNALD, ...argv],
      { timeoutMs: 30_000, allowFailure: true },
    );
    if (r.exitCode === 97) throw new Error(r.stderr.trim());
    const text = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
    return {
      exitCode: r.exitCode,
      stderr: r.stderr,
      entries: text
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, string>),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

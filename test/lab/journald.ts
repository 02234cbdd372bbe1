/**
 * A real systemd-journald for one test, inside a private mount namespace: a tmpfs over /run
 * (and over /var/log/journal when the machine has one), so journald's sockets and its runtime
 * journal exist only there and the machine's own logging is never touched. `runWithJournald`
 * starts journald, waits for its stream socket, runs `command` (argv) in the same namespace,
 * reads back what journald stored with `journalctl -o json`, and stops journald (its PID only).
 */
import { run, type RunResult } from '../../lib/exec.js';

export const JOURNALD = '/lib/systemd/systemd-journald';

const SCRIPT = `set -e
mount --make-rprivate /
mount -t tmpfs ctnet-run /run
[ -d /var/log/journal ] && mount -t tmpfs ctnet-journal /var/log/journal
mkdir -p /run/systemd /run/log
"${JOURNALD}" >/dev/null 2>&1 &
jpid=$!
trap 'kill $jpid 2>/dev/null; wait $jpid 2>/dev/null || true' EXIT
for i in $(seq 100); do [ -S /run/systemd/journal/stdout ] && break; sleep 0.05; done
[ -S /run/systemd/journal/stdout ] || { echo "journald did not start" >&2; exit 97; }
set +e
"$@" >/run/cmd.out 2>/run/cmd.err
echo $? >/run/cmd.rc
set -e
# journald stores what it got in order; give it a moment to take a stream that is still open.
for i in $(seq 40); do journalctl -D /run/log/journal -o json --no-pager 2>/dev/null | grep -q "$CTNET_JOURNAL_WAIT_FOR" && break; sleep 0.05; done
journalctl -D /run/log/journal -o json --no-pager -t ctnet
echo "--- rc $(cat /run/cmd.rc)"
cat /run/cmd.err
`;

export interface JournalRun {
  /** The command's exit code, stderr, and the journal entries tagged "ctnet". */
  exitCode: number;
  stderr: string;
  entries: Array<Record<string, string>>;
}

/** Run `argv` with a private journald; `waitFor` is a text the last expected entry contains. */
export async function runWithJournald(argv: string[], waitFor: string, env: Record<string, string> = {}): Promise<JournalRun> {
  const r: RunResult = await run('unshare', ['-m', 'env', `CTNET_JOURNAL_WAIT_FOR=${waitFor}`, ...Object.entries(env).map(([k, v]) => `${k}=${v}`),
    'bash', '-c', SCRIPT, 'journald-lab', ...argv], { timeoutMs: 30_000, allowFailure: true });
  if (r.exitCode !== 0) throw new Error(`journald lab failed (${r.exitCode}): ${r.stderr.trim()}`);
  const [journal = '', tail = ''] = r.stdout.split('--- rc ');
  const [rc = '1', ...err] = tail.split('\n');
  return {
    exitCode: Number(rc),
    stderr: err.join('\n'),
    entries: journal.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, string>),
  };
}

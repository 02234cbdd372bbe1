#!/bin/bash
# with-journald.sh CMD [ARG...]: run CMD with a private, REAL systemd-journald, as on a systemd
# host. Must run in a private mount namespace (unshare -m, or VzLab.runHook): tmpfs mounts over
# /run/systemd and /run/log (and /var/log/journal when present) hold journald's sockets and its
# runtime journal, so the machine's own logging is never touched. journald is stopped (its PID
# only) when CMD ends; CMD's exit code is returned. JOURNAL_OUT=FILE: afterwards, the entries
# tagged "ctnet" are written there as JSON lines (journalctl -o json).
set -e
journald=/lib/systemd/systemd-journald
[ -x "$journald" ] || { echo "with-journald: $journald not found (install systemd)" >&2; exit 97; }
mount --make-rprivate /
# `ip netns exec` mounts a fresh /sys without the cgroup tree, which journald needs.
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 ctnet-cgroup /sys/fs/cgroup
for d in /run/systemd /run/log; do
  mkdir -p "$d"
  mount -t tmpfs ctnet-journal "$d"
done
if [ -d /var/log/journal ]; then mount -t tmpfs ctnet-journal /var/log/journal; fi
"$journald" >/dev/null 2>&1 &
jpid=$!
trap 'kill "$jpid" 2>/dev/null; wait "$jpid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -S /run/systemd/journal/stdout ] && break; sleep 0.05; done
[ -S /run/systemd/journal/stdout ] || { echo "with-journald: journald did not start" >&2; exit 97; }
set +e
"$@"
rc=$?
if [ -n "$JOURNAL_OUT" ]; then
  # Lines still in a stream journald has not read yet: give it a moment (bounded).
  for _ in $(seq 40); do
    journalctl -D /run/log/journal -o json --no-pager -t ctnet 2>/dev/null | grep -q "${JOURNAL_WAIT_FOR:-.}" && break
    sleep 0.05
  done
  journalctl -D /run/log/journal -o json --no-pager -t ctnet >"$JOURNAL_OUT" 2>/dev/null
fi
exit $rc

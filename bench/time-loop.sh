#!/bin/bash
# Benchmark timing loop, run inside the lab by bench/time-in-lab.ts.
# Usage: time-loop.sh ROUNDS WARMUP NAME LINE [NAME LINE ...]
# Every round runs every case once, in turn (interleaved, so load changes on the machine hit
# all cases alike). Prints "name<TAB>wall<TAB>user<TAB>sys" (seconds) per timed run, taken by
# bash's `time` keyword (no process spawned to take the time; user/sys include all children,
# so kernel work done for an `ip` command counts). Exits 1 when a case fails.
rounds=$1 warmup=$2
shift 2
err="${TMPDIR:-/tmp}/ctnet-bench-err.$$"
TIMEFORMAT=$'%3R\t%3U\t%3S'
for ((r = 0; r < warmup + rounds; r++)); do
  for ((i = 1; i < $#; i += 2)); do
    name=${!i} j=$((i + 1))
    line=${!j}
    t=$( { time eval "$line" >/dev/null 2>"$err"; } 2>&1 ) || {
      echo "case \"$name\" failed: $(tail -n 3 "$err")" >&2
      exit 1
    }
    ((r >= warmup)) && printf '%s\t%s\n' "$name" "$t"
  done
done
rm -f "$err"

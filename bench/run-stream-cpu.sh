#!/usr/bin/env bash
# CPU per streamed append in the steady state, split by who spends it: runs
# bench/run-service-bench.sh with one 40 s stream run and, from 10 s to 35 s into it, samples the
# service's threads (event loops, garbage collector, the rest), the PostgreSQL processes and the
# ledger size. Less noisy than the appends per second of short runs: use it for A/B comparisons
# of service changes (alternate the two builds, several runs each).
#
#   bench/run-stream-cpu.sh LABEL [NAME=VALUE ...]   e.g. SERVICE_JVM_OPTS="-XX:+UseG1GC -Xmx1g"
#
# prints: LABEL: appends/s=... us/append: service=... (eventloop ... gc ... other ...) postgres=...
#         client=... (the load generator's, over the run's measured 40 s)
set -euo pipefail
cd "$(dirname "$0")/.."
label=$1; shift
work=$(mktemp -d /tmp/flora-cpu.XXXXXX)
log="$work.log"
env "$@" WORK_DIR="$work" SKIP_BUILD="${SKIP_BUILD:-1}" PGBENCH_SECONDS=5 STREAM_RUNS=1 \
  STREAM_SECONDS=40 UNARY_SECONDS=2 UNARY_WARMUP_SECONDS=1 UNARY_CHECKPOINT=0 \
  bench/run-service-bench.sh >"$log" 2>&1 &
bench=$!
until grep -q "stream run 1" "$log" 2>/dev/null; do
  kill -0 "$bench" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
sleep 10
service=$(pgrep -nf quarkus-run.jar)  # the newest: the service the bench just started
port=$(cat "$work/pgport")
ticks() { sed 's/^.*) //' "$1" 2>/dev/null | awk '{ print $12 + $13 }' || echo 0; }
sample() {
  local size pg=0 loops=0 gc=0 other=0 p t n v
  size=$(psql -qtAX -h 127.0.0.1 -p "$port" -U postgres flora -c "select tree_size from ledger_head")
  for p in $(pgrep -f postgres); do v=$(ticks "/proc/$p/stat"); pg=$((pg + ${v:-0})); done
  for t in /proc/"$service"/task/*; do
    n=$(cat "$t/comm" 2>/dev/null || true); v=$(ticks "$t/stat"); v=${v:-0}
    case "$n" in
      vert.x-eventloo*) loops=$((loops + v)) ;;
      Z*|G1*|GC*) gc=$((gc + v)) ;;
      *) other=$((other + v)) ;;
    esac
  done
  echo "$size $pg $loops $gc $other"
}
read -r -a a <<<"$(sample)"
sleep 25
read -r -a b <<<"$(sample)"
wait "$bench" || true # its exit status is that of its cleanup; the samples decide
(( b[0] > a[0] )) || { cat "$log"; echo "the ledger did not grow while sampled" >&2; exit 1; }
client=$(sed -n 's/^stream 1: .*client_window_cpu_us_per_append=\([0-9.]*\).*/\1/p' "$log")
awk -v l="$label" -v c="${client:-?}" -v n=$((b[0] - a[0])) -v pg=$((b[1] - a[1])) -v el=$((b[2] - a[2])) \
  -v gc=$((b[3] - a[3])) -v o=$((b[4] - a[4])) -v hz="$(getconf CLK_TCK)" 'BEGIN {
  us = 1e6 / hz / n
  printf "%s: appends/s=%.0f us/append: service=%.2f (eventloop %.2f gc %.2f other %.2f) postgres=%.2f client=%s\n",
    l, n / 25, (el + gc + o) * us, el * us, gc * us, o * us, pg * us, c }'
rm -rf "$work" "$log"

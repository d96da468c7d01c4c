#!/usr/bin/env bash
# What the number of statements per transaction costs PostgreSQL: one-append transactions at a
# fixed 1,000/s (pgbench, 1 client, 20 s each), written as the nine statements of the service's
# unary append until session 8, each with its own Sync and answer (bench/pgbench/unary/
# statements.sql), as the same statements in two pipelines with one Sync each (BEGIN and the head
# lock, then the rest; made from statements.sql here: pgbench 15 cannot send a Sync inside a
# pipeline, as the Vert.x client does after every statement),
# and as one function call (function.sql, since session 9), in turn, ROUNDS times each, on the
# benchmarks' embedded PostgreSQL (fsync and synchronous_commit on). Prints per form and round
# PostgreSQL's CPU per transaction (user+system µs) and pgbench's average latency.
#
# Usage: bench/run-unary-messages.sh     (SKIP_BUILD=1: use the bench jar already built)
#   ROUNDS=2  SECONDS_EACH=20  RATE=1000
set -euo pipefail
cd "$(dirname "$0")/.."
WORK_DIR=$(mktemp -d /tmp/flora-messages.XXXXXX) KEEP_WORK="" BENCH_JAR=bench/target/benchmarks.jar
HTTP_PORT=0
log() { echo "[messages $(date +%H:%M:%S)] $*" >&2; }
# shellcheck source=bench/lib.sh
source bench/lib.sh
if [[ -z "${SKIP_BUILD:-}" ]]; then ./mvnw -B -q -pl bench -am package -DskipTests; fi
trap cleanup EXIT
start_postgres
"${PSQL[@]}" -f bench/pgbench/unary/schema.sql
awk '/^begin;/ { print "\\startpipeline" } { print } /for update;$/ { print "\\endpipeline"
  print "\\startpipeline" } /^commit;/ { print "\\endpipeline" }' bench/pgbench/unary/statements.sql \
  >"$WORK_DIR/two-pipelines.sql"
script() { [[ $1 == two-pipelines ]] && echo "$WORK_DIR/two-pipelines.sql" \
  || echo "bench/pgbench/unary/$1.sql"; }
for round in $(seq "${ROUNDS:-2}"); do
  for form in statements two-pipelines function; do
    before=$(pg_cpu_split)
    out=$(pgbench -n -M prepared -c 1 -R "${RATE:-1000}" -T "${SECONDS_EACH:-20}" \
      -f "$(script "$form")" -h 127.0.0.1 -p "$PG_PORT" -U postgres flora 2>&1)
    after=$(pg_cpu_split)
    n=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' <<<"$out")
    echo "$form round $round: transactions=$n $(cpu_per "$before" "$after" "$n" \
      | sed 's/per_row/per_transaction/') $(grep -o 'latency average = [0-9.]* ms' <<<"$out" \
      | tr ' ' _) failed=$(grep -o 'failed transactions: [0-9]*' <<<"$out" | grep -o '[0-9]*$')"
  done
done

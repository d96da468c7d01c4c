#!/usr/bin/env bash
# Service load benchmark: PostgreSQL limit (pgbench) and the Flora service against the same
# server, in one run, then one summary block. See docs/benchmarks-service.md.
#
# Order: PostgreSQL; pgbench 0 on the fresh cluster; the service started twice (first start runs
# the migrations; restart); one unreported stream run (JIT warm-up); then STREAM_RUNS pairs of a
# pgbench run and a stream run, each run after a CHECKPOINT; the ratio is the median of the
# pairs' ratios (stream run to the pgbench run right before it), so that the machine's drift over
# minutes (pgbench's limit moved by up to ~50% within an afternoon here) falls on both sides of
# each ratio alike; the stream median's ratio to pgbench 0 (the method until session 8) is
# printed beside it; then the unary minute.
#
# Usage: bench/run-service-bench.sh            (from anywhere; builds service and bench first)
# Environment (all optional):
#   SKIP_BUILD=1          use the jars already in service/target and bench/target
#   WORK_DIR=<dir>        scratch folder (default: a new mktemp folder, deleted at the end)
#   HTTP_PORT=19000       service port (gRPC and HTTP)
#   PGBENCH_SECONDS=30    STREAM_SECONDS=20  STREAM_RUNS=3  UNARY_RATE=1000  UNARY_SECONDS=60
#   WARMUP_SECONDS=5      warm-up of every stream run, not counted
#   UNARY_FIRST=1         run the unary part first, on a young ledger, instead of after the stream
#                         runs (which leave ~4.5 M rows and PostgreSQL checkpointing behind them)
#   UNARY_CHECKPOINT=1    a CHECKPOINT before the unary part, as after pgbench: the unary minute
#                         measures the steady state, not the write-back of the GBs the stream runs
#                         left dirty; 0 measures it right after them
#   UNARY_WARMUP_SECONDS=15  warm-up of the unary run at its rate, not counted: the stream runs
#                         do not exercise the unary path, whose JIT compilation would otherwise
#                         still run (and take CPU) in the measured minute
#   SERVICE_WARMUP_SECONDS=20  one unreported stream run first, so that the JIT has compiled the
#                         service's append path before the measured runs
#   CHANNELS=1            gRPC connections of the load generator
#   STREAM_WINDOW=8       AppendStream messages (100 appends each) in flight per stream: 6,400
#                         appends in flight over the 8 streams (with 4, 3,200 did not cover the
#                         commit latency: docs/benchmarks.md, session 5)
#   PG_SETTINGS="max_wal_size=8GB,checkpoint_timeout=30min"  further PostgreSQL settings
#                         (name=value,...), for pgbench and the service alike
#   PG_STAT_STATEMENTS=1  load pg_stat_statements and print, for the stream runs and for the
#                         unary run, where PostgreSQL spent its time (per statement, per call)
#   PG_WAIT_SAMPLES=1     sample what PostgreSQL's sessions do (pg_stat_activity, every 10 ms)
#                         through each stream run; counts in $WORK_DIR/waits.txt (keep WORK_DIR)
#   CLIENT_JAVA_OPTS      extra JVM options of the load generator (e.g. a JFR recording)
#   SERVICE_JVM_OPTS="-XX:+UseZGC -Xmx2g"  the service's JVM options as operations runs it
#   SERVICE_JAVA_OPTS     extra JVM options of the service, e.g.
#                         -XX:StartFlightRecording:filename=/tmp/svc.jfr,settings=profile
# The CPU seconds in the summary (service_cpu_s, postgres_cpu_s, client_cpu_s) cover the warm-up
# and the measured part of each load run.
set -euo pipefail
cd "$(dirname "$0")/.."

HTTP_PORT=${HTTP_PORT:-19000}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-30}
STREAM_SECONDS=${STREAM_SECONDS:-20}
STREAM_RUNS=${STREAM_RUNS:-3}
UNARY_RATE=${UNARY_RATE:-1000}
UNARY_SECONDS=${UNARY_SECONDS:-60}
WARMUP_SECONDS=${WARMUP_SECONDS:-5}
UNARY_WARMUP_SECONDS=${UNARY_WARMUP_SECONDS:-15}
SERVICE_WARMUP_SECONDS=${SERVICE_WARMUP_SECONDS:-20}
CHANNELS=${CHANNELS:-1}
STREAM_WINDOW=${STREAM_WINDOW:-8}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-}
# The JVM options operations documents for the service (docs/operations.md, JVM options).
SERVICE_JVM_OPTS=${SERVICE_JVM_OPTS:--XX:+UseZGC -Xmx2g}
BENCH_JAR=bench/target/benchmarks.jar
SERVICE_JAR=service/target/quarkus-app/quarkus-run.jar
if [[ -n "${WORK_DIR:-}" ]]; then KEEP_WORK=1; else KEEP_WORK=""; WORK_DIR=$(mktemp -d /tmp/flora-bench.XXXXXX); fi
mkdir -p "$WORK_DIR"; WORK_DIR=$(cd "$WORK_DIR" && pwd)
log() { echo "[bench $(date +%T)] $*" >&2; }
# shellcheck source=bench/lib.sh
source bench/lib.sh
# wal: "records full_page_images bytes" PostgreSQL wrote to its WAL so far (pg_stat_wal)
wal() { "${PSQL[@]}" -At -F ' ' -c "select wal_records, wal_fpi, wal_bytes from pg_stat_wal"; }
# wal_per BEFORE AFTER ROWS: the WAL written between two wal() samples per row, as
# "records/row,full_page_images_per_1000_rows,bytes/row"
wal_per() {
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { split(a, x, " "); split(b, y, " "); if (n < 1) n = 1
    printf "%.2f_records/row,%.2f_fpi/1000rows,%.0f_bytes/row", (y[1] - x[1]) / n, 1000 * (y[2] - x[2]) / n, (y[3] - x[3]) / n }'
}
tree_size() { "${PSQL[@]}" -At -c "select tree_size from ledger_head"; }
# statements TITLE: PostgreSQL's time per statement since the last reset (pg_stat_statements)
statements() {
  [[ "${PG_STAT_STATEMENTS:-}" == 1 ]] || return 0
  echo "---- $1: PostgreSQL time per statement (pg_stat_statements)" >>"$WORK_DIR/statements.txt"
  "${PSQL[@]}" -P pager=off -c "select calls, plans, rows, round((total_exec_time / greatest(calls, 1))::numeric, 3) as exec_ms,
      round((total_plan_time / greatest(plans, 1))::numeric, 3) as plan_ms,
      round((total_exec_time + total_plan_time)::numeric) as total_ms, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) as query
      from pg_stat_statements order by total_exec_time + total_plan_time desc limit 15" >>"$WORK_DIR/statements.txt"
  "${PSQL[@]}" -c "select pg_stat_statements_reset()" >/dev/null
}
# wait_samples TITLE SECONDS: in the background, PostgreSQL's sessions sampled for SECONDS
WAITS_PID=""
wait_samples() {
  [[ "${PG_WAIT_SAMPLES:-}" == 1 ]] || return 0
  echo "---- $1: samples of pg_stat_activity every 10 ms" >>"$WORK_DIR/waits.txt"
  "${PSQL[@]}" -P pager=off -v samples="$(( $2 * 100 ))" -f bench/sql/wait-samples.sql \
    >>"$WORK_DIR/waits.txt" 2>&1 &
  WAITS_PID=$!
}
# One pgbench run on a fresh scratch table (kept under another name until the pairs end:
# dropping it would free page cache that the stream run after it grows into cheaply, see
# docs/benchmarks.md), with a VACUUM of the ledger's tables before and a CHECKPOINT before and
# after, so that neither it nor the stream run after it does the other's maintenance or writes
# back the other's pages. Sets PGBENCH_LINE and PGBENCH_RATE (rows/s).
pgbench_run() {
  local c0 c1 w0 w1 n tps lat
  log "pgbench $1: 8 clients, 100 rows per transaction, ${PGBENCH_SECONDS} s"
  # The ledger's tables vacuumed first, so that no autovacuum of theirs, which the stream runs
  # started, runs beside pgbench (measured: one ran through pgbench runs 2 and 3 otherwise).
  [[ "$1" == 0 ]] || "${PSQL[@]}" -c 'vacuum (analyze) public.ledger_entry, public.merkle_tile,
    public.ledger_head, public.checkpoint'
  "${PSQL[@]}" -f bench/pgbench/scratch-table.sql -c checkpoint
  c0=$(pg_cpu_split); w0=$(wal)
  pgbench -n -c 8 -j 2 -T "$PGBENCH_SECONDS" -M prepared -f bench/pgbench/insert100.sql \
    -h 127.0.0.1 -p "$PG_PORT" -U postgres flora >"$WORK_DIR/pgbench.log" 2>&1
  c1=$(pg_cpu_split); w1=$(wal); n=$("${PSQL[@]}" -At -c 'select count(*) from pgbench_scratch.ledger_entry')
  tps=$(sed -n 's/^tps = \([0-9.]*\) (without.*/\1/p' "$WORK_DIR/pgbench.log")
  lat=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$WORK_DIR/pgbench.log")
  PGBENCH_RATE=$(awk -v t="$tps" 'BEGIN { printf "%.0f", t * 100 }')
  PGBENCH_LINE="8 clients, ${PGBENCH_SECONDS} s, 100 rows/tx: tps=$tps latency_avg_ms=$lat rows_per_s=$PGBENCH_RATE $(cpu_per "$c0" "$c1" "$n") wal=$(wal_per "$w0" "$w1" "$n")"
  "${PSQL[@]}" -c "alter schema pgbench_scratch rename to pgbench_scratch_$1" -c checkpoint
}
trap cleanup EXIT

build_jars

UPTIME_BEFORE=$(uptime)
log "starting PostgreSQL (embedded, fsync on, synchronous_commit on)"
start_postgres
# pgbench on the fresh cluster, before the service exists: the only pgbench run until session 8,
# reported beside the pairs' ratio (docs/benchmarks.md)
pgbench_run 0
FRESH_LINE=$PGBENCH_LINE FRESH_RATE=$PGBENCH_RATE

APP_DIR=$(dirname "$SERVICE_JAR")
# The AppCDS archive of the package build (docs/operations.md), used as operations runs it.
CDS_OPTS=""
[[ ! -f "$APP_DIR/app-cds.jsa" ]] || CDS_OPTS="-XX:SharedArchiveFile=app-cds.jsa"
start_service() {  # starts the service; sets SVC_PID, READY_MS (process start to ready UP), READY_CPU_S
  local t0 t1
  t0=$(date +%s%N)
  launch_service
  for _ in $(seq 6000); do
    if ready_up; then
      t1=$(date +%s%N); READY_MS=$(( (t1 - t0) / 1000000 )); READY_CPU_S=$(cpu_seconds "$SVC_PID"); return 0
    fi
    kill -0 "$SVC_PID" 2>/dev/null || { tail -20 "$WORK_DIR/service.log" >&2; exit 1; }
    nap 0.01
  done
  log "service not ready after 60 s"; exit 1
}

log "starting the service on an empty database (runs the migrations)"
start_service
FIRST_READY_MS=$READY_MS FIRST_READY_CPU_S=$READY_CPU_S
# The packaged service ignores QUARKUS_FLYWAY_LOCATIONS (build-time fixed to db/migration), so
# the example authorities are loaded here; the restart below makes the service read them.
"${PSQL[@]}" -f service/src/main/resources/db/dev/R__example_authorities.sql
stop "$SVC_PID"
log "restarting the service on the migrated database"
start_service

# The load generator runs on C1 only (-XX:TieredStopAtLevel=1): measured here, its C2 compiler
# thread was its busiest thread for the whole of a 25 s run (~13 us of client CPU per streamed
# append instead of ~4, 0.5 core instead of 0.3 at 1,000 unary calls/s), CPU taken from the
# service and PostgreSQL it measures.
# shellcheck disable=SC2206
GEN=(java -XX:TieredStopAtLevel=1 ${CLIENT_JAVA_OPTS:-} -cp "$BENCH_JAR" dev.flora.bench.load.LoadGenerator --port "$HTTP_PORT"
  --channels "$CHANNELS")
# checkpoints: "count buffers_written write_ms sync_ms" of PostgreSQL's checkpointer so far, then
# the autovacuum and autoanalyze runs of ledger_entry so far
checkpoints() {
  "${PSQL[@]}" -At -F ' ' -c "select num_timed + num_requested, buffers_written,
    round(write_time), round(sync_time) from pg_stat_checkpointer" \
    -c "select autovacuum_count, autoanalyze_count from pg_stat_user_tables
    where relid = 'public.ledger_entry'::regclass" | tr '\n' ' ' | sed 's/ $//'
}
unary_run() {  # sets UNARY_LINE
  local c0 t0
  UNARY_CHECKPOINT_MS=""
  if [[ "${UNARY_CHECKPOINT:-1}" == 1 ]]; then
    t0=$(date +%s%N); "${PSQL[@]}" -c checkpoint >/dev/null
    UNARY_CHECKPOINT_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
    log "checkpoint before the unary run: ${UNARY_CHECKPOINT_MS} ms"
  fi
  log "unary-rate: ${UNARY_RATE}/s, ${UNARY_SECONDS} s"
  "${PSQL[@]}" -c "select pg_stat_statements_reset()" >/dev/null 2>&1 || true
  S0=$(cpu_seconds "$SVC_PID"); P0=$(pg_cpu_seconds); c0=$(checkpoints)
  UNARY_LINE=$("${GEN[@]}" --warmup "$UNARY_WARMUP_SECONDS" --mode unary-rate --rate "$UNARY_RATE" --seconds "$UNARY_SECONDS" 2>>"$WORK_DIR/load.err" | tail -1) || true
  UNARY_LINE="$UNARY_LINE service_cpu_s=$(delta "$S0" "$(cpu_seconds "$SVC_PID")") postgres_cpu_s=$(delta "$P0" "$(pg_cpu_seconds)")"
  # The service's own time from a batch's start to its COMMIT's answer (Micrometer's percentiles
  # over about the last two minutes, i.e. mostly this run): what of the latency is the database's
  UNARY_LINE="$UNARY_LINE $(curl -s "http://127.0.0.1:$HTTP_PORT/q/metrics" | awk -F'[" ]' \
    '/^flora_append_commit_seconds\{quantile="0\.(5|99)"/ { printf "service_commit_p%s_ms=%.2f ", substr($2, 3) == "5" ? "50" : "99", 1000 * $NF }')"
  UNARY_LINE="$UNARY_LINE checkpoints_before(count,buffers,write_ms,sync_ms,ledger_autovacuums,ledger_autoanalyzes)=${c0// /,} after=$(checkpoints | tr ' ' ,)"
  UNARY_LINE="$UNARY_LINE checkpoint_before_run_ms=${UNARY_CHECKPOINT_MS:-none}"
  statements "unary run"
}
[[ "${UNARY_FIRST:-}" != 1 ]] || unary_run

log "service warm-up: one stream run of ${SERVICE_WARMUP_SECONDS} s, not reported"
WARMUP_LINE=$("${GEN[@]}" --warmup "$WARMUP_SECONDS" --mode stream --streams 8 --window "$STREAM_WINDOW" --seconds "$SERVICE_WARMUP_SECONDS" 2>>"$WORK_DIR/load.err" | tail -1) || true
STREAM_RATES=() STREAM_LINES=() RATIOS=() PGBENCH_LINES=() PGBENCH_ROWS=()
for run in $(seq "$STREAM_RUNS"); do
  pgbench_run "$run"
  PGBENCH_LINES+=("$PGBENCH_LINE") PGBENCH_ROWS+=("$PGBENCH_RATE")
  log "stream run $run: 8 streams, ${STREAM_SECONDS} s"
  "${PSQL[@]}" -c "select pg_stat_statements_reset()" >/dev/null 2>&1 || true
  S0=$(cpu_seconds "$SVC_PID"); P0=$(pg_cpu_split); W0=$(wal); N0=$(tree_size)
  wait_samples "stream run $run" "$STREAM_SECONDS"
  line=$("${GEN[@]}" --warmup "$WARMUP_SECONDS" --mode stream --streams 8 --window "$STREAM_WINDOW" --seconds "$STREAM_SECONDS" 2>>"$WORK_DIR/load.err" | tail -1) || true
  N1=$(tree_size)
  line="$line service_cpu_s=$(delta "$S0" "$(cpu_seconds "$SVC_PID")") $(cpu_per "$P0" "$(pg_cpu_split)" "$(( N1 - N0 ))")"
  line="$line wal=$(wal_per "$W0" "$(wal)" "$(( N1 - N0 ))")"
  # the samples, if any, cover the run's warm-up and most of it
  [[ -z "$WAITS_PID" ]] || { wait "$WAITS_PID" || true; WAITS_PID=""; }
  statements "stream run $run"
  STREAM_LINES+=("$line"); STREAM_RATES+=("$(value appends_per_s "$line")")
  RATIOS+=("$(awk -v s="${STREAM_RATES[-1]}" -v p="${PGBENCH_ROWS[-1]}" 'BEGIN { printf "%.3f", s / p }')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
STREAM_MEDIAN=$(median "${STREAM_RATES[@]}") PG_MEDIAN=$(median "${PGBENCH_ROWS[@]}")
RATIO=$(median "${RATIOS[@]}")
FRESH_RATIO=$(awk -v s="$STREAM_MEDIAN" -v p="$FRESH_RATE" 'BEGIN { printf "%.3f", s / p }')
# pgbench's tables are not needed any more: the unary minute runs without them, as it did before
# session 8 (one pgbench table, dropped before the service started)
for run in $(seq 0 "$STREAM_RUNS"); do "${PSQL[@]}" -c "drop schema pgbench_scratch_$run cascade" 2>/dev/null; done

[[ "${UNARY_FIRST:-}" == 1 ]] || unary_run
SVC_RSS=$(awk '/^VmRSS/ { print $2, $3 }' "/proc/$SVC_PID/status")
# Pss counts a page once however often the process maps it; ZGC (JDK 17) maps its heap three
# times, which VmRSS counts three times.
SVC_PSS=$(awk '/^Pss:/ { print $2, $3 }' "/proc/$SVC_PID/smaps_rollup")
METRICS=$(curl -s "http://127.0.0.1:$HTTP_PORT/q/metrics" | grep -E '^flora_append_((batch_size|commit_seconds)_(count|sum)|ahead_total)' | awk '{ printf "%s=%s ", $1, $2 }')
stop "$SVC_PID"; SVC_PID=""
stop "$PG_PID"; PG_PID=""
UPTIME_AFTER=$(uptime)

cat <<EOF
==== Flora service benchmark ($(date -u +%FT%TZ))
machine:   nproc=$(nproc) mem=$(free -m | awk '/^Mem:/ { print $2 " MiB" }') java=$(java -version 2>&1 | head -1)
load:      before: ${UPTIME_BEFORE##*load average: } | after: ${UPTIME_AFTER##*load average: }
postgres:  $PG_LINE
startup:   process start to /q/health/ready UP: first start (migrations) ${FIRST_READY_MS} ms, restart ${READY_MS} ms (target < 2000);
           CPU used by then: ${FIRST_READY_CPU_S} s and ${READY_CPU_S} s; Quarkus: $(grep -o 'started in [0-9.]*s' "$WORK_DIR/service.log" | tr '\n' ' ')
warm-up:   ${WARMUP_LINE}
pgbench 0: ${FRESH_LINE} (fresh cluster, before the service started)
$(for i in "${!STREAM_LINES[@]}"; do echo "pgbench $((i + 1)): ${PGBENCH_LINES[$i]}"; echo "stream $((i + 1)):  ${STREAM_LINES[$i]}"; done)
stream:    median appends/s=$STREAM_MEDIAN (pgbench median rows/s=$PG_MEDIAN); ratio of each stream run to the pgbench run before it=$(IFS=/; echo "${RATIOS[*]}"), median ratio=$RATIO (target >= 0.7); stream median to pgbench 0=$FRESH_RATIO
unary:     ${UNARY_LINE} (target p99 < 10 ms)
service:   Pss after load=$SVC_PSS (VmRSS $SVC_RSS); ${METRICS}
EOF
if [[ -s "$WORK_DIR/statements.txt" ]]; then cat "$WORK_DIR/statements.txt"; fi

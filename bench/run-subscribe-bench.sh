#!/usr/bin/env bash
# Subscription benchmark: live fan-out latency, catch-up replay, idle subscribers, against one
# Flora service and its embedded PostgreSQL, in one run, then one summary block.
# See docs/benchmarks-subscribe.md.
#
# Usage: bench/run-subscribe-bench.sh            (from anywhere; builds service and bench first)
# Environment (all optional):
#   SKIP_BUILD=1          use the jars already in service/target and bench/target
#   WORK_DIR=<dir>        scratch folder (default: a new mktemp folder, deleted at the end)
#   HTTP_PORT=19100       service port (gRPC and HTTP)
#   LIVE_SUBSCRIBERS=100  LIVE_CHANNELS=10  LIVE_RATE=5000  LIVE_SECONDS=60  LIVE_WARMUP=10
#   LIVE_TIMEOUT=60       bound of the live part's waits (catch-up, drain of the appends, delivery)
#   APPEND_BATCH=5        appends per paced AppendStream message (one message every 1 ms at 5000/s)
#   APPEND_STREAMS=4      paced AppendStream streams (one connection each)
#   REPLAY_ENTRIES=1000000  ledger size the fill reaches before the replay
#   REPLAY_RUNS=3         replays of the whole ledger, one after the other
#   IDLE_STEPS=1000,2000,5000,10000,20000   IDLE_PER_CHANNEL=500
#   PARTS="live replay idle"  which parts to run; "prefill live ..." first appends PREFILL_ENTRIES
#                         in big batches, so that the live part starts on a ledger that is not empty
#   PREFILL_ENTRIES=200000
#   JFR_REPLAY=<file>     record a JFR profile (settings=profile) of the service during the replays only
#   BENCH_JAVA_OPTS       extra JVM options of the benchmark client (e.g. a JFR recording)
#   SERVICE_JVM_OPTS="-XX:+UseZGC -Xmx2g"  the service's JVM options as operations runs it
#   SERVICE_JAVA_OPTS     extra JVM options of the service, e.g.
#                         -XX:StartFlightRecording:filename=/tmp/svc.jfr,settings=profile
set -euo pipefail
cd "$(dirname "$0")/.."

HTTP_PORT=${HTTP_PORT:-19100}
LIVE_SUBSCRIBERS=${LIVE_SUBSCRIBERS:-100}
LIVE_CHANNELS=${LIVE_CHANNELS:-10}
LIVE_RATE=${LIVE_RATE:-5000}
LIVE_SECONDS=${LIVE_SECONDS:-60}
LIVE_WARMUP=${LIVE_WARMUP:-10}
LIVE_TIMEOUT=${LIVE_TIMEOUT:-60}
APPEND_BATCH=${APPEND_BATCH:-5}
APPEND_STREAMS=${APPEND_STREAMS:-4}
REPLAY_ENTRIES=${REPLAY_ENTRIES:-1000000}
REPLAY_RUNS=${REPLAY_RUNS:-3}
IDLE_STEPS=${IDLE_STEPS:-1000,2000,5000,10000,20000}
IDLE_PER_CHANNEL=${IDLE_PER_CHANNEL:-500}
PARTS=${PARTS:-live replay idle}
PREFILL_ENTRIES=${PREFILL_ENTRIES:-200000}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-}
# The JVM options operations documents for the service (docs/operations.md, JVM options).
SERVICE_JVM_OPTS=${SERVICE_JVM_OPTS:--XX:+UseZGC -Xmx2g}
BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:-}
BENCH_JAR=bench/target/benchmarks.jar
SERVICE_JAR=service/target/quarkus-app/quarkus-run.jar
if [[ -n "${WORK_DIR:-}" ]]; then KEEP_WORK=1; else KEEP_WORK=""; WORK_DIR=$(mktemp -d /tmp/flora-subbench.XXXXXX); fi
mkdir -p "$WORK_DIR"

log() { echo "[subbench $(date +%T)] $*" >&2; }
# shellcheck source=bench/lib.sh
source bench/lib.sh


trap cleanup EXIT

build_jars

UPTIME_BEFORE=$(uptime)
log "starting PostgreSQL (embedded, fsync on, synchronous_commit on)"
start_postgres

start_service() {  # starts the service and waits until ready; sets SVC_PID
  # shellcheck disable=SC2086
  FLORA_DB_URL="postgresql://127.0.0.1:$PG_PORT/flora" FLORA_DB_USER=postgres \
    FLORA_AUTH_MODE=dev-metadata FLORA_DATA_DIR="$WORK_DIR/service" QUARKUS_HTTP_PORT="$HTTP_PORT" \
    java $SERVICE_JVM_OPTS $SERVICE_JAVA_OPTS -jar "$SERVICE_JAR" >>"$WORK_DIR/service.log" 2>&1 &
  SVC_PID=$!
  for _ in $(seq 6000); do
    ready_up && return 0
    kill -0 "$SVC_PID" 2>/dev/null || { tail -20 "$WORK_DIR/service.log" >&2; exit 1; }
    nap 0.01
  done
  log "service not ready after 60 s"; exit 1
}

log "starting the service on an empty database (runs the migrations)"
start_service
# The packaged service ignores QUARKUS_FLYWAY_LOCATIONS (fixed at build time), so the example
# authorities (bamf-nuernberg reads, eae-chemnitz appends) are loaded here and read on restart.
"${PSQL[@]}" -f service/src/main/resources/db/dev/R__example_authorities.sql
stop "$SVC_PID"
log "restarting the service on the migrated database"
start_service

# shellcheck disable=SC2206
BENCH=(java $BENCH_JAVA_OPTS -cp "$BENCH_JAR" dev.flora.bench.load.SubscribeBench --port "$HTTP_PORT")
# measured NAME ARGS...: runs SubscribeBench, prints its last line plus the service's and
# PostgreSQL's CPU seconds during the run; a failed check is reported, not fatal
measured() {
  local name=$1 s0 p0 out rc=0
  shift
  s0=$(cpu_seconds "$SVC_PID"); p0=$(pg_cpu_seconds)
  out=$("${BENCH[@]}" "$@" 2>>"$WORK_DIR/$name.err" | tee -a "$WORK_DIR/$name.out") || rc=$?
  [[ $rc == 0 ]] || log "$name: a check failed (exit $rc), see the line and $WORK_DIR/$name.err"
  echo "$out" | sed '$d'
  echo "$(echo "$out" | tail -1) exit=$rc service_cpu_s=$(delta "$s0" "$(cpu_seconds "$SVC_PID")") postgres_cpu_s=$(delta "$p0" "$(pg_cpu_seconds)")"
}

LIVE_LINE="(not run)" FILL_LINE="(not run)" REPLAY_LINES=() IDLE_LINES="(not run)"
if [[ " $PARTS " == *" prefill "* ]]; then
  log "prefill: until the ledger holds $PREFILL_ENTRIES entries"
  PREFILL_LINE=$(measured prefill --mode fill --entries "$PREFILL_ENTRIES" --timeout 120)
  log "prefill: $PREFILL_LINE"
fi
if [[ " $PARTS " == *" live "* ]]; then
  log "live: $LIVE_SUBSCRIBERS subscribers, ${LIVE_RATE}/s for ${LIVE_WARMUP} s warm-up + ${LIVE_SECONDS} s"
  LIVE_LINE=$(measured live --mode live --subscribers "$LIVE_SUBSCRIBERS" --channels "$LIVE_CHANNELS" \
    --rate "$LIVE_RATE" --append-batch "$APPEND_BATCH" --append-streams "$APPEND_STREAMS" \
    --warmup "$LIVE_WARMUP" --seconds "$LIVE_SECONDS" --timeout "$LIVE_TIMEOUT")
  # A failed live check may be a hung service: keep its threads and say whether the JVM found a deadlock.
  if [[ "$LIVE_LINE" != *" exit=0 "* ]]; then
    jcmd "$SVC_PID" Thread.print >"$WORK_DIR/live-threads.txt" 2>&1 || true
    LIVE_LINE="$LIVE_LINE java_deadlock=$(grep -c 'Found one Java-level deadlock' "$WORK_DIR/live-threads.txt" || true)"
  fi
fi
if [[ " $PARTS " == *" replay "* ]]; then
  log "fill: until the ledger holds $REPLAY_ENTRIES entries"
  FILL_LINE=$(measured fill --mode fill --entries "$REPLAY_ENTRIES" --timeout 120)
  [[ -z "${JFR_REPLAY:-}" ]] || jcmd "$SVC_PID" JFR.start name=replay settings=profile filename="$JFR_REPLAY" >/dev/null
  for run in $(seq "$REPLAY_RUNS"); do
    log "replay $run: the whole ledger from the beginning"
    REPLAY_LINES+=("$(measured replay --mode replay --timeout 120)")
  done
  [[ -z "${JFR_REPLAY:-}" ]] || jcmd "$SVC_PID" JFR.stop name=replay >/dev/null
fi
if [[ " $PARTS " == *" idle "* ]]; then
  log "idle: subscriptions in steps $IDLE_STEPS"
  IDLE_LINES=$(measured idle --mode idle --steps "$IDLE_STEPS" --per-channel "$IDLE_PER_CHANNEL" \
    --service-pid "$SVC_PID" --timeout 120)
fi
SVC_RSS=$(awk '/^VmRSS/ { print $2, $3 }' "/proc/$SVC_PID/status")
# Pss counts a page once however often the process maps it; ZGC (JDK 17) maps its heap three
# times, which VmRSS counts three times.
SVC_PSS=$(awk '/^Pss:/ { print $2, $3 }' "/proc/$SVC_PID/smaps_rollup")
METRICS=$(curl -s --max-time 10 "http://127.0.0.1:$HTTP_PORT/q/metrics" | grep -E '^flora_(subscriptions|append_batch_size_(count|sum))' | awk '{ printf "%s=%s ", $1, $2 }')
# Every client has exited by now: the service should hold no subscription a few seconds later.
sleep 5
OPEN_AFTER=$(curl -s --max-time 10 "http://127.0.0.1:$HTTP_PORT/q/metrics" | awk '/^flora_subscriptions / { print $2 }')
stop "$SVC_PID"; SVC_PID=""
stop "$PG_PID"; PG_PID=""
UPTIME_AFTER=$(uptime)

cat <<EOF
==== Flora subscription benchmark ($(date -u +%FT%TZ))
machine:   nproc=$(nproc) mem=$(free -m | awk '/^Mem:/ { print $2 " MiB" }') java=$(java -version 2>&1 | head -1)
load:      before: ${UPTIME_BEFORE##*load average: } | after: ${UPTIME_AFTER##*load average: }
postgres:  $PG_LINE
live:      $LIVE_LINE (target: every entry to every subscriber, p99 < 50 ms)
fill:      $FILL_LINE
$(for i in "${!REPLAY_LINES[@]}"; do echo "replay $((i + 1)):  ${REPLAY_LINES[$i]} (target >= 200000/s)"; done)
idle:
$IDLE_LINES
service:   Pss at the end=$SVC_PSS (VmRSS $SVC_RSS); ${METRICS}; 5 s later flora_subscriptions=${OPEN_AFTER}
EOF

#!/usr/bin/env bash
# Start-up benchmark: time and CPU from process start of the packaged service to
# /q/health/ready UP, against an already running PostgreSQL. The first start migrates an empty
# database; the RUNS restarts after it find the schema current. See docs/benchmarks-startup.md.
#
# Usage: bench/run-startup-bench.sh            (from anywhere; builds service and bench first)
# Environment (all optional):
#   SKIP_BUILD=1          use the jars already in service/target and bench/target
#   RUNS=7                restarts measured after the first start
#   HTTP_PORT=19400       service port (must be free: other benchmarks use 19000 and 19100) (gRPC and HTTP)
#   SERVICE_JVM_OPTS="-XX:+UseZGC -Xmx2g"  the service's JVM options as operations runs it
#   SERVICE_JAVA_OPTS     extra JVM options of the service, e.g.
#                         -XX:StartFlightRecording:filename=/tmp/s.jfr,settings=profile
#                         (the recording of the last start is the one left in the file)
#   APP_DIR=<dir>         the packaged application (default service/target/quarkus-app); a copy
#                         of it lets two builds be compared
#   APPCDS=0              do not use the AppCDS archive (service/target/quarkus-app/app-cds.jsa,
#                         used by default when the build made one; the service then runs from
#                         that folder, as the archive requires)
#   JAVA=<java>           the service's java (default: java on the PATH, Java 17), e.g.
#                         /usr/lib/jvm/temurin-25-jdk-amd64/bin/java for the AOT cache
#   AOT=1                 run with the JDK 25 AOT cache (-XX:AOTCache=$AOT_FILE, default app.aot in
#                         APP_DIR, made by the aot build profile); implies no AppCDS archive
#   AOT_TRAIN=1           before the measured starts, a training run writes the AOT cache
#                         (-XX:AOTCacheOutput=$AOT_FILE): one start against the benchmark's
#                         PostgreSQL, 2 s of unary and 2 s of streamed appends, then SIGTERM
#                         (needs JAVA >= 25; made for the -Paot build's aot-jar layout, with
#                         which the cache saved ~0.7 s more CPU than with the default fast-jar)
#   AOT_TRAIN_LOAD=:      (the shell's no-op) trains on the start alone, without the appends
#   TRAIN_ONLY=1          with AOT_TRAIN=1: write the cache and stop (no measured starts); this is
#                         how the cache of the -Paot build is trained (docs/operations.md)
#   AOT_TRAIN_JVM_OPTS    the training run's JVM options instead of SERVICE_JVM_OPTS (its GC decides
#                         what the cache can hold: see docs/benchmarks-startup.md)
#   THREADS=1             also print, per start, the threads that used the most CPU until ready
#                         (JIT compiler, GC, main, ...: JFR samples Java code only)
#   WORK_DIR=<dir>        scratch folder (default: a new mktemp folder, deleted at the end)
# Every start is printed as "start N: ready_ms=... cpu_s=... quarkus=..." (cpu_s: CPU seconds the
# service JVM used until ready, all threads), then the medians of the restarts.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-7}
HTTP_PORT=${HTTP_PORT:-19400}
SERVICE_JAVA_OPTS=${SERVICE_JAVA_OPTS:-}
# The JVM options operations documents for the service (docs/operations.md, JVM options).
SERVICE_JVM_OPTS=${SERVICE_JVM_OPTS:--XX:+UseZGC -Xmx2g}
BENCH_JAR=bench/target/benchmarks.jar
APP_DIR=${APP_DIR:-service/target/quarkus-app}
JAVA=${JAVA:-java}
AOT_FILE=${AOT_FILE:-app.aot}
CDS_OPTS=""
if [[ "${AOT:-0}" == 1 ]]; then
  CDS_OPTS="-XX:AOTCache=$AOT_FILE"
elif [[ "${APPCDS:-1}" != 0 && -f "$APP_DIR/app-cds.jsa" ]]; then
  CDS_OPTS="-XX:SharedArchiveFile=app-cds.jsa"
fi
if [[ -n "${WORK_DIR:-}" ]]; then KEEP_WORK=1; else KEEP_WORK=""; WORK_DIR=$(mktemp -d /tmp/flora-startup.XXXXXX); fi
mkdir -p "$WORK_DIR"; WORK_DIR=$(cd "$WORK_DIR" && pwd)

log() { echo "[startup $(date +%T)] $*" >&2; }
# shellcheck source=bench/lib.sh
source bench/lib.sh

# As lib.sh's launch_service, with $JAVA (lib.sh runs the java on the PATH), $1 instead of
# CDS_OPTS when given, and the database DB_NAME; kept here so that lib.sh, shared by the other
# benchmarks, stays as is.
launch_service() {
  # shellcheck disable=SC2086
  (cd "$APP_DIR" && FLORA_DB_URL="postgresql://127.0.0.1:$PG_PORT/${DB_NAME:-flora}" \
    FLORA_DB_USER=postgres FLORA_AUTH_MODE=dev-metadata FLORA_DATA_DIR="$WORK_DIR/service" \
    QUARKUS_HTTP_PORT="$HTTP_PORT" exec "$JAVA" $SERVICE_JVM_OPTS ${1:-$CDS_OPTS} $SERVICE_JAVA_OPTS \
    -jar quarkus-run.jar >>"$WORK_DIR/service.log" 2>&1) &
  SVC_PID=$!
}

thread_cpu() {  # the 8 threads of a process that used most CPU, "name=seconds"
  local hz task
  hz=$(getconf CLK_TCK)
  for task in /proc/"$1"/task/*; do
    awk -v hz="$hz" -v name="$(tr ' ' '_' <"$task/comm")" '{ sub(/^.*\) /, ""); split($0, f, " ");
      printf "%.2f %s\n", (f[12] + f[13]) / hz, name }' "$task/stat" 2>/dev/null
  done | awk '{ t[$2] += $1 } END { for (n in t) printf "%.2f %s\n", t[n], n }' | sort -rn | head -8 \
    | awk '{ printf "%s=%s ", $2, $1 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

trap cleanup EXIT

build_jars

log "starting PostgreSQL (embedded, fresh cluster)"
start_postgres

# start_service N [OPTIONS [FN]]: starts the service (with OPTIONS instead of CDS_OPTS, " " for
# none), waits for ready UP, runs FN if given, prints and keeps (LINE) one line, stops it.
start_service() {
  local t0 t1 ms cpu started
  : >"$WORK_DIR/service.log"
  if curl -s -o /dev/null "http://127.0.0.1:$HTTP_PORT/"; then
    log "port $HTTP_PORT is in use by another process: choose another HTTP_PORT"; exit 1
  fi
  t0=$(date +%s%N)
  launch_service "${2:-}"
  for _ in $(seq 6000); do
    if ready_up; then
      t1=$(date +%s%N); cpu=$(cpu_seconds "$SVC_PID"); ms=$(( (t1 - t0) / 1000000 ))
      [[ -z "${THREADS:-}" ]] || echo "  threads (CPU s): $(thread_cpu "$SVC_PID")"
      [[ -z "${3:-}" ]] || "$3"
      stop "$SVC_PID"; SVC_PID=""
      # Quarkus logs "started in" just after it answers ready: read it once it has stopped.
      started=$(sed -n "s/.* started in \([0-9.]*s\).*/\1/p" "$WORK_DIR/service.log" | head -1)
      LINE="start $1: ready_ms=$ms cpu_s=$cpu quarkus=${started:-?}"; echo "$LINE"
      return 0
    fi
    kill -0 "$SVC_PID" 2>/dev/null || { tail -20 "$WORK_DIR/service.log" >&2; exit 1; }
    nap 0.01
  done
  log "service not ready after 60 s"; exit 1
}

# train_aot: the AOT cache's training run (AOT_TRAIN=1). It uses its own database, so that the
# measured start 1 still migrates an empty one: a plain start migrates it, then the training start
# finds the schema current (as every restart does), serves a few appends and stops; the JVM
# writes $APP_DIR/$AOT_FILE as it exits (JDK 25: -XX:AOTCacheOutput, JEP 514).
train_aot() {
  "${PSQL[@]}" -c "create database aot_train"
  DB_NAME=aot_train start_service "training: migrate" " "
  "${PSQL[@]/flora/aot_train}" -f service/src/main/resources/db/dev/R__example_authorities.sql
  rm -f "$APP_DIR/$AOT_FILE"
  SERVICE_JVM_OPTS=${AOT_TRAIN_JVM_OPTS:-$SERVICE_JVM_OPTS} DB_NAME=aot_train \
    start_service "training: record" "-XX:AOTCacheOutput=$AOT_FILE" "${AOT_TRAIN_LOAD:-train_load}"
  # stop() has waited for the JVM to exit, and it writes the cache before it exits.
  [[ -f "$APP_DIR/$AOT_FILE" ]] || { tail -20 "$WORK_DIR/service.log" >&2; log "no AOT cache written"; exit 1; }
  log "AOT cache $APP_DIR/$AOT_FILE: $(du -m "$APP_DIR/$AOT_FILE" | cut -f1) MB"
}
# train_load: a few seconds of appends, so the cache also holds the classes and profiles of serving
train_load() {
  local gen=(java -XX:TieredStopAtLevel=1 -cp "$BENCH_JAR" dev.flora.bench.load.LoadGenerator --port "$HTTP_PORT" --warmup 0)
  echo "  training load: $("${gen[@]}" --mode unary-rate --rate 200 --seconds 2 2>>"$WORK_DIR/load.err" | tail -1)"
  echo "  training load: $("${gen[@]}" --mode stream --streams 2 --seconds 2 2>>"$WORK_DIR/load.err" | tail -1)"
}

UPTIME_BEFORE=$(uptime)
[[ "${AOT_TRAIN:-0}" != 1 ]] || train_aot
[[ "${TRAIN_ONLY:-0}" != 1 ]] || exit 0
echo "==== Flora start-up benchmark ($(date -u +%FT%TZ)) java=$("$JAVA" -version 2>&1 | head -1)"
echo "java options: ${SERVICE_JVM_OPTS} ${CDS_OPTS:-(no AppCDS)} ${SERVICE_JAVA_OPTS}"
start_service "1 (migrates)"
LINES=()
for run in $(seq "$RUNS"); do
  start_service "$((run + 1))"; LINES+=("$LINE")
done
UPTIME_AFTER=$(uptime)
MS=$(for l in "${LINES[@]}"; do value ready_ms "$l"; done | median)
CPU=$(for l in "${LINES[@]}"; do value cpu_s "$l"; done | median)
echo "restarts:  median ready_ms=$MS cpu_s=$CPU over $RUNS (target < 2000 ms)"
echo "load:      before: ${UPTIME_BEFORE##*load average: } | after: ${UPTIME_AFTER##*load average: }"

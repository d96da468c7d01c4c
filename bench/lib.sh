# Shared by the benchmark scripts (sourced from the repository root after they set WORK_DIR,
# KEEP_WORK, BENCH_JAR and HTTP_PORT and define log): processes, CPU, readiness, PostgreSQL.
# shellcheck shell=bash

PG_PID="" SVC_PID=""

# value KEY LINE: the value of KEY in a line of key=value pairs
value() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<" $2"; }

stop() {  # stop PID: SIGTERM, then wait for it (bounded)
  local pid=$1
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid"
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  log "process $pid did not stop in 30 s; killing it"; kill -9 "$pid" || true
}
# cpu_split PID [tree]: "user sys" CPU seconds used so far by a process (all its threads) and,
# with "tree", its exited children; cpu_seconds PID [tree]: their sum
cpu_split() {
  sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | awk -v tree="${2:-}" -v hz="$(getconf CLK_TCK)" '{
    u = $12; s = $13; if (tree) { u += $14; s += $15 } printf "%.2f %.2f", u / hz, s / hz }'
}
cpu_seconds() { local t; t=$(cpu_split "$@"); awk '{ printf "%.2f", $1 + $2 }' <<<"${t:-0 0}"; }
# "user sys" CPU seconds of the PostgreSQL server so far (the postmaster, the backends it reaped,
# the live ones); pg_cpu_seconds: their sum. The kernel's share moves with the machine (on these
# VMs, writing into page cache that has not been touched for a while costs several times more
# system time, docs/benchmarks.md)
pg_cpu_split() {
  local master p
  master=$(pgrep -o -f "postgres -D $WORK_DIR/pg") || { echo "0 0"; return; }
  { cpu_split "$master" tree; echo
    for p in $(pgrep -P "$master"); do cpu_split "$p"; echo; done
  } | awk '{ u += $1; s += $2 } END { printf "%.2f %.2f", u, s }'
}
pg_cpu_seconds() { pg_cpu_split | awk '{ printf "%.2f", $1 + $2 }'; }
# cpu_per BEFORE AFTER ROWS: PostgreSQL's CPU between two pg_cpu_split samples, in total and per
# row: "postgres_cpu_s=... postgres_us_per_row=user+sys"
cpu_per() {
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { split(a, x, " "); split(b, y, " "); if (n < 1) n = 1
    u = y[1] - x[1]; s = y[2] - x[2]
    printf "postgres_cpu_s=%.1f postgres_us_per_row=%.2f+%.2f", u + s, 1e6 * u / n, 1e6 * s / n }'
}
delta() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# Readiness is polled without starting a process (curl every 10 ms took ~0.5 s of CPU per second
# here, from the starting service): bash's /dev/tcp, and a read with a timeout as the pause.
exec {NAP_FD}<> <(:)
nap() { read -r -t "$1" -u "$NAP_FD" _ || true; }
ready_up() {  # true if GET /q/health/ready answers status UP
  local fd body=""
  { exec {fd}<>"/dev/tcp/127.0.0.1/$HTTP_PORT"; } 2>/dev/null || return 1
  printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&"$fd"
  IFS= read -r -d '' -t 5 -u "$fd" body || true
  exec {fd}<&-
  [[ "$body" == *'"status": "UP"'* ]]
}

build_jars() {  # packages service and bench unless SKIP_BUILD is set
  [[ -z "${SKIP_BUILD:-}" ]] || return 0
  log "building service and bench"
  ./mvnw -B -q -pl service,bench -am package -DskipTests
}

cleanup() {
  stop "$SVC_PID"; stop "$PG_PID"  # the PostgresServer JVM stops its postmaster on SIGTERM
  [[ -n "$KEEP_WORK" ]] || rm -rf "$WORK_DIR"
}

# Starts the embedded PostgreSQL of the benchmarks (fsync and synchronous_commit on, fresh
# cluster in $WORK_DIR/pg); sets PG_PID, PG_PORT, PG_LINE (its version line) and PSQL.
start_postgres() {
  rm -f "$WORK_DIR/pgport"
  java -cp "$BENCH_JAR" dev.flora.bench.load.PostgresServer "$WORK_DIR/pg" "$WORK_DIR/pgport" \
    >"$WORK_DIR/postgres.log" 2>&1 &
  PG_PID=$!
  for _ in $(seq 600); do [[ -s "$WORK_DIR/pgport" ]] && break; sleep 0.1; done
  [[ -s "$WORK_DIR/pgport" ]] || { cat "$WORK_DIR/postgres.log" >&2; exit 1; }
  PG_PORT=$(cat "$WORK_DIR/pgport")
  PG_LINE=$(grep '^postgres ' "$WORK_DIR/postgres.log")
  PSQL=(psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres flora)
}

# Starts the packaged service as operations runs it (from its folder, with the AppCDS archive
# when CDS_OPTS names it) on the benchmark's PostgreSQL; sets SVC_PID. Uses APP_DIR, CDS_OPTS,
# SERVICE_JVM_OPTS and SERVICE_JAVA_OPTS; the service logs to $WORK_DIR/service.log.
launch_service() {
  # shellcheck disable=SC2086
  (cd "$APP_DIR" && FLORA_DB_URL="postgresql://127.0.0.1:$PG_PORT/flora" FLORA_DB_USER=postgres \
    FLORA_AUTH_MODE=dev-metadata FLORA_DATA_DIR="$WORK_DIR/service" QUARKUS_HTTP_PORT="$HTTP_PORT" \
    exec java $SERVICE_JVM_OPTS $CDS_OPTS $SERVICE_JAVA_OPTS -jar quarkus-run.jar >>"$WORK_DIR/service.log" 2>&1) &
  SVC_PID=$!
}

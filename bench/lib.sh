# Shared by the benchmark scripts: builds, the peer, the bench database, pinning, wrk figures.
# shellcheck shell=bash
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
BENCH_DIR="$QWIRE_ROOT/bench"
BENCH_JAR="$BENCH_DIR/target/qwire-bench.jar"
WIREMOCK_JAR="$BENCH_DIR/target/peers/wiremock-standalone.jar"
# Load generator and servers on separate cores (the database floats; it is part of what we measure).
SERVER_CPUS="${BENCH_SERVER_CPUS:-0}"
LOAD_CPUS="${BENCH_LOAD_CPUS:-1}"
BENCH_DB_URL="${QWIRE_BENCH_DB_URL:-jdbc:mysql://127.0.0.1:3306/qwire_bench}"

bench_require() {
  command -v wrk >/dev/null || { echo "bench: wrk is required (apt-get install wrk)" >&2; exit 1; }
  command -v taskset >/dev/null || { echo "bench: taskset is required (apt-get install util-linux)" >&2; exit 1; }
  qwire_require_java
  qwire_ensure_built
  qwire_ensure_class_data --wait # starts are timed: as users get them once the archive exists
  if [ ! -f "$BENCH_JAR" ] || [ -n "$(find "$BENCH_DIR/src" "$BENCH_DIR/pom.xml" -newer "$BENCH_JAR" -type f -print -quit)" ]; then
    echo "bench: building the benchmark programs…"
    (cd "$QWIRE_ROOT" && mvn -q -B -ntp -DskipTests -pl bench -am install) || { echo "bench: build failed" >&2; exit 1; }
  fi
}

bench_require_wiremock() {
  if [ ! -f "$WIREMOCK_JAR" ]; then
    echo "bench: fetching WireMock (the version pinned in pom.xml) from Maven Central…"
    (cd "$QWIRE_ROOT" && mvn -q -B -ntp -f bench/pom.xml dependency:copy@peers) || { echo "bench: cannot fetch WireMock" >&2; exit 1; }
  fi
}

# The database client: the benchmarks ask the bench database as the qwire user, and the server's own settings and
# status as root over the local socket.
BENCH_DB_CLIENT="$(command -v mariadb || command -v mysql || true)"

bench_sql() { # query — on the bench database, as the qwire user
  "$BENCH_DB_CLIENT" --protocol=TCP -h 127.0.0.1 -u "${QWIRE_DB_USER:-qwire}" -p"${QWIRE_DB_PASSWORD:-Qwire2026}" -N qwire_bench -e "$1"
}

bench_bench_classpath() { echo "$BENCH_JAR:$QWIRE_JAR"; }

# An empty bench database on a server sized for a benchmark's working set. MariaDB's stock InnoDB memory — a
# 128 MiB buffer pool, 96 MiB of redo log — holds the first three minutes of a run at 300 orders/s (~300 MB of rows
# and indexes by then). Past that, each change to an index keyed by the clients' random references reads a page
# from disk and flushes one back, and its 96 MiB redo log fills in ten seconds, after which commits wait for page
# flushes (measured 2026-12-01 at 400 orders/s, two pairs: create p50 0.6 and 2.2 s stock, 8 and 15 ms sized;
# MariaDB's CPU per order 3 and 27 % lower sized; bench/results.md at 2026-12-01T01:45Z). A
# database behind a performance environment is sized for its working set, so the benchmarks size the server for
# theirs: BENCH_DB_BUFFER_POOL_MB (default 1024) and BENCH_DB_REDO_LOG_MB (default 512), both dynamic in MariaDB
# 10.9 and later, only ever raised, put back as they were when the script exits (bench_restore_database, called by
# every bench script's exit trap); 0 leaves the server as it is. It needs root over the local socket, as
# run_profile.sh does; without it the run goes on at the server's own sizes, with a warning. Either way
# bench_database_sizes names the sizes a table was taken with.
BENCH_DB_RESTORE=""
bench_fresh_database() {
  "$QWIRE_ROOT/scripts/prepare_mysql.sh" --fresh-bench-db > /dev/null
  [ -n "$BENCH_DB_RESTORE" ] || bench_size_database
}

bench_root_sql() { # statement — as root over the local socket
  "$BENCH_DB_CLIENT" -u root -N -e "$1" 2> /dev/null
}

bench_size_database() {
  local want_pool=$(( ${BENCH_DB_BUFFER_POOL_MB:-1024} * 1048576 )) want_log=$(( ${BENCH_DB_REDO_LOG_MB:-512} * 1048576 ))
  local sizes pool log set=""
  sizes=$(bench_root_sql "SELECT @@innodb_buffer_pool_size, @@innodb_log_file_size") \
    || { echo "bench: cannot read the database server's InnoDB sizes as root over its socket; measuring at its own sizes" >&2; return 0; }
  read -r pool log <<< "$sizes"
  [ "$pool" -lt "$want_pool" ] && set="SET GLOBAL innodb_buffer_pool_size = $want_pool;"
  [ "$log" -lt "$want_log" ] && set="$set SET GLOBAL innodb_log_file_size = $want_log;"
  [ -n "$set" ] || return 0
  if bench_root_sql "$set" > /dev/null; then
    BENCH_DB_RESTORE="SET GLOBAL innodb_buffer_pool_size = $pool; SET GLOBAL innodb_log_file_size = $log;"
    # The pool grows in the background; the first orders should not meet it half grown.
    for _ in $(seq 1 100); do
      [ "$(bench_root_sql "SELECT @@innodb_buffer_pool_size")" -ge "$want_pool" ] && break
      sleep 0.1
    done
  else
    echo "bench: could not size the database server for the run (${set}); measuring at its own sizes" >&2
  fi
}

bench_restore_database() {
  [ -z "$BENCH_DB_RESTORE" ] || bench_root_sql "$BENCH_DB_RESTORE" > /dev/null || true
  BENCH_DB_RESTORE=""
}

bench_database_sizes() { # -> "buffer pool 1024 MiB, redo log 512 MiB"
  bench_root_sql "SELECT CONCAT('buffer pool ', @@innodb_buffer_pool_size DIV 1048576, ' MiB, redo log ', @@innodb_log_file_size DIV 1048576, ' MiB')" \
    || echo "InnoDB sizes unknown"
}

# Waits until URL answers 2xx; prints the seconds it took since START (date +%s.%N); fails after 60 s.
bench_wait_ready() { # url start
  local deadline=$(( $(date +%s) + 60 ))
  until curl -sf -o /dev/null "$1"; do
    [ "$(date +%s)" -ge "$deadline" ] && return 1
    sleep 0.02
  done
  awk -v a="$2" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }'
}

# Our platform in mode B on the bench database, as a user runs it (the run scripts' JVM options), pinned to the
# server cores on $PORT and $PORT + 1, its callbacks going to its own callback server, the console's access log off;
# more settings as NAME=value arguments. Sets SERVER and READY (seconds to ready); on failure shows OUT and exits.
bench_start_platform() { # logdir out [NAME=value...]
  local logs="$1" out="$2" started
  shift 2
  started=$(date +%s.%N)
  env QWIRE_DB_URL="$BENCH_DB_URL" QWIRE_ORDER_PORT="$PORT" QWIRE_CALLBACK_PORT=$((PORT + 1)) QWIRE_LOG_DIR="$logs" \
    QWIRE_ACCESS_LOG_CONSOLE=false QWIRE_CALLBACK_URL="http://127.0.0.1:$((PORT + 1))/v1/callback" "$@" \
    taskset -c "$SERVER_CPUS" java $(qwire_java_opts) -jar "$QWIRE_JAR" all > "$out" 2>&1 &
  SERVER=$!
  READY=$(bench_wait_ready "http://127.0.0.1:$PORT/health/ready" "$started") \
    || { cat "$out" >&2; echo "bench: our platform did not become ready" >&2; exit 1; }
}

bench_rss_mb() { # pid
  awk '/^VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status"
}

# wrk on the load core: name seconds script url [extra env]
bench_wrk() {
  taskset -c "$LOAD_CPUS" wrk -t1 -c"${BENCH_CONNECTIONS:-32}" -d"$2s" --latency -s "$BENCH_DIR/$3" "$4"
}

bench_figures() { # wrk output file -> "rps p50 p99 bad"
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$1")
  p50=$(awk '$1=="50%" {print $2}' "$1")
  p99=$(awk '$1=="99%" {print $2}' "$1")
  bad=$(sed -n 's/^RESULT non2xx=\([0-9]*\) errors=\([0-9]*\)/\1+\2/p' "$1")
  echo "$rps $(bench_ms "$p50") $(bench_ms "$p99") ${bad:-?}"
}

bench_cpu_ticks() { # pid -> CPU time the process used so far (user + system, all threads), in clock ticks
  awk '{ print $14 + $15 }' "/proc/$1/stat"
}

# CPU time the JIT compilers' threads (C1, C2) used so far, in clock ticks. A thread's name may hold spaces
# ("C2 CompilerThre"), so its stat is read after the name's closing parenthesis.
bench_jit_ticks() { # pid
  local task sum=0
  for task in /proc/"$1"/task/*; do
    case "$(cat "$task/comm" 2>/dev/null)" in
      "C1 Compiler"*|"C2 Compiler"*) sum=$((sum + $(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{ print $12 + $13 }'))) ;;
    esac
  done
  echo "$sum"
}

bench_percent() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", 100 * a / b; else print "0.0" }'; }

# CPU the server spent per request over a measured wrk run (steadier than req/s on a shared machine).
bench_cpu_us_per_request() { # wrk output file, ticks used during it -> microseconds
  awk -v ticks="$2" -v hz="$(getconf CLK_TCK)" '/ requests in / { printf "%.0f", ticks * 1000000 / hz / $1 }' "$1"
}

bench_ms() { # wrk latency ("812.00us", "3.21ms", "1.02s") -> milliseconds
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v/1000; else if (v ~ /ms$/) printf "%.2f", v+0; else printf "%.2f", (v+0)*1000 }'
}

bench_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
bench_verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "meets" : "MISSES") }'; }

# A scratch directory in WORK, removed on exit, with the platform started in it (SERVER) stopped first.
bench_work_dir() {
  WORK="$(mktemp -d)"
  SERVER=""
  trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; bench_restore_database; rm -rf "$WORK"' EXIT
}

# The sustained bench's open-loop load (bench/Sustained) on the load cores against the platform on $PORT, its
# receipts read from WORK/logs (bench_start_platform's log directory).
bench_sustained() { # work rates seconds [more options]
  local work="$1" rates="$2" seconds="$3"
  shift 3
  taskset -c "$LOAD_CPUS" java -cp "$(bench_bench_classpath)" com.qwire.mock.bench.Sustained \
    --url "http://127.0.0.1:$PORT/v1/order" --db "jdbc:mariadb://127.0.0.1:3306/qwire_bench" \
    --receipts "$work/logs/callback-received.log" --rates "$rates" --seconds "$seconds" --warmup-seconds 0 "$@"
}

# Orders at RATE for SECONDS, then 30 s more at a time until the JIT compilers took at most QUIET % of the server's
# CPU over the last 30 s (at most MAX s in all). Prints the seconds it took.
bench_sustained_warm_up() { # work rate seconds quiet max
  local work="$1" rate="$2" warmed="$3" quiet="$4" max="$5" share
  warm_for() {
    local ticks jit
    ticks=$(bench_cpu_ticks "$SERVER"); jit=$(bench_jit_ticks "$SERVER")
    bench_sustained "$work" "$rate" "$1" --keep-going > "$work/warm-up.out" || { cat "$work/warm-up.out" >&2; return 1; }
    bench_percent $(( $(bench_jit_ticks "$SERVER") - jit )) $(( $(bench_cpu_ticks "$SERVER") - ticks ))
  }
  share=$(warm_for "$warmed")
  while awk -v s="$share" -v q="$quiet" 'BEGIN { exit !(s > q || s < 0) }' && [ "$warmed" -lt "$max" ]; do
    echo "bench: the JIT compilers took ${share} % of the server's CPU; warming up 30 s more" >&2
    share=$(warm_for 30); warmed=$((warmed + 30))
  done
  echo "$warmed"
}

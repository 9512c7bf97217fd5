#!/usr/bin/env bash
# The soak benchmark of issue 9: 1,000,000 signed callbacks into the callback server alone (mode
# "callback", the default JVM options: -Xmx256m), with a full GC and a heap reading every 100,000;
# then the server is stopped and started again on the log it wrote, and the time to ready is taken.
# Done when: no out-of-memory error, the heap after GC flat, ready again in under 5 s.
# Appends the table to bench/results.md. Usage: bench/run_soak.sh [total, default 1000000]
#   BENCH_SOAK_THREADS=16 (senders)  BENCH_SERVER_CPUS=0 BENCH_LOAD_CPUS=1 (as run_bench.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
TOTAL="${1:-1000000}"
THREADS="${BENCH_SOAK_THREADS:-16}"
PORT="${BENCH_PORT:-18081}"
WORK="$(mktemp -d)"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

bench_require
start_server() { # output file; sets SERVER and READY (seconds to ready)
  local started
  started=$(date +%s.%N)
  QWIRE_CALLBACK_PORT="$PORT" QWIRE_ORDER_PORT=$((PORT + 1)) QWIRE_LOG_DIR="$WORK/logs" QWIRE_ACCESS_LOG_CONSOLE=false \
    taskset -c "$SERVER_CPUS" java $(qwire_java_opts) -XX:+ExitOnOutOfMemoryError -jar "$QWIRE_JAR" callback > "$1" 2>&1 &
  SERVER=$!
  READY=$(bench_wait_ready "http://127.0.0.1:$PORT/health/ready" "$started") || { cat "$1" >&2; exit 1; }
}

start_server "$WORK/first.out"
ready=$READY
echo "bench: callback server ready after $ready s; sending $TOTAL callbacks from $THREADS senders"
status=0
taskset -c "$LOAD_CPUS" java -cp "$(bench_bench_classpath)" com.qwire.mock.bench.Soak \
  --url "http://127.0.0.1:$PORT/v1/callback" --pid "$SERVER" --total "$TOTAL" --threads "$THREADS" --out "$WORK/soak.md" || status=$?
oom=$(grep -c "OutOfMemoryError" "$WORK/first.out" || true)
alive=$(kill -0 "$SERVER" 2>/dev/null && echo yes || echo no)
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true
log_mb=$(du -sm "$WORK/logs" | cut -f1)
files=$(ls "$WORK/logs" | grep -c '^callback-received' || true)

start_server "$WORK/second.out"
restart=$READY
loaded=$(grep -o 'Receipt log .*' "$WORK/second.out" | head -1)
last_ref=$(printf '5eed0000-0000-4000-8000-%012x' $(( (TOTAL - 1) / 10 )))
check=$(curl -s "http://127.0.0.1:$PORT/v1/check?reference=$last_ref")
count=$(printf '%s' "$check" | sed -n 's/.*"count":\([0-9]*\).*/\1/p')

{
  printf '\n## %s — soak: %s callbacks into the callback server, 2 cores, server on cpu %s, load on cpu %s\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$TOTAL" "$SERVER_CPUS" "$LOAD_CPUS"
  printf '`bench/run_soak.sh %s` (%s senders, ten callbacks per reference); JVM options `%s`.\n\n' "$TOTAL" "$THREADS" "$(qwire_java_opts)"
  cat "$WORK/soak.md"
  printf '\nOut-of-memory errors: %s; server alive at the end: %s. Logs on disk: %s MB in %s receipt-log files (rolled and retained).\n' \
    "$oom" "$alive" "$log_mb" "$files"
  printf 'Restarted on that log: ready after %s s (goal: under 5 s; first start %s s). %s\n' "$restart" "$ready" "$loaded"
  printf '/v1/check for the last reference after the restart: %s receipts (10 sent).\n' "${count:-?}"
} | tee -a "$BENCH_DIR/results.md"
exit "$status"

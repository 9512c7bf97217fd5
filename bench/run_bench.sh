#!/usr/bin/env bash
# Load benchmark of the order service (mode B, callbacks delivered) against the local MySQL/MariaDB, with wrk on loopback.
# Prints POST and GET /v1/order throughput and latency percentiles next to the budget
# (POST >= 3000 req/s, GET >= 6000 req/s, p99 < 25 ms at 32 connections) and appends them to
# bench/results.md. Usage: bench/run_bench.sh [seconds per run, default 20]
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
DURATION="${1:-20}"
CONNECTIONS="${BENCH_CONNECTIONS:-32}"
PORT="${BENCH_PORT:-18080}"
WORK="$(mktemp -d)"

command -v wrk >/dev/null || { echo "bench: wrk is required (apt-get install wrk)" >&2; exit 1; }
qwire_require_java
qwire_ensure_built
"$QWIRE_ROOT/scripts/prepare_mysql.sh" --fresh-bench-db >/dev/null

# Its own database, emptied each run: benchmark load never lands in qwire.
export QWIRE_DB_URL="${QWIRE_BENCH_DB_URL:-jdbc:mysql://127.0.0.1:3306/qwire_bench}"
export QWIRE_ORDER_PORT="$PORT" QWIRE_CALLBACK_PORT=$((PORT + 1)) QWIRE_LOG_DIR="$WORK/logs"
export QWIRE_ACCESS_LOG_CONSOLE=false  # pool and workers: the application defaults (4 x cores)
# Mode B: callbacks are delivered to the callback server, as in a real run (none piles up in retries).
export QWIRE_CALLBACK_URL="http://127.0.0.1:$((PORT + 1))/v1/callback"
java ${QWIRE_JAVA_OPTS:--Xms512m -Xmx1g} -jar "$QWIRE_JAR" all > "$WORK/server.out" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$PORT/health/ready" >/dev/null || { cat "$WORK/server.out"; echo "bench: server not ready" >&2; exit 1; }

URL="http://127.0.0.1:$PORT"
run() { # name script
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$QWIRE_ROOT/bench/$2" "$URL" > "$WORK/$1.txt"
}
WARMUP="${BENCH_WARMUP:-15}"
echo "bench: warming up POST (${WARMUP}s)…"
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$QWIRE_ROOT/bench/post_order.lua" "$URL" > /dev/null
echo "bench: POST /v1/order for ${DURATION}s at $CONNECTIONS connections…"
run post post_order.lua
curl -s "$URL/v1/order" -X POST -H 'Content-Type: application/json' \
  -d '{"productCode":"SKU-BOOK-001","quantity":1,"amount":"1.00","currency":"EUR","customerId":"bench-refs"}' >/dev/null
# References to read: the newest bench orders.
client=$(command -v mariadb || command -v mysql)
"$client" --protocol=TCP -h 127.0.0.1 -u "${QWIRE_DB_USER:-qwire}" -p"${QWIRE_DB_PASSWORD:-Qwire2026}" -N qwire_bench \
  -e "SELECT reference FROM orders WHERE customer_id LIKE 'bench-%' ORDER BY created_at DESC LIMIT 5000" > "$WORK/refs.txt"
echo "bench: warming up GET (${WARMUP}s)…"
REFS="$WORK/refs.txt" wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -s "$QWIRE_ROOT/bench/get_order.lua" "$URL" > /dev/null
echo "bench: GET /v1/order for ${DURATION}s at $CONNECTIONS connections…"
REFS="$WORK/refs.txt" run get get_order.lua

figures() { # file -> "rps p50 p99 non2xx"
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/ {print $2}' "$1")
  p50=$(awk '$1=="50%" {print $2}' "$1")
  p99=$(awk '$1=="99%" {print $2}' "$1")
  bad=$(sed -n 's/^RESULT non2xx=\([0-9]*\) errors=\([0-9]*\)/\1+\2/p' "$1")
  echo "$rps $p50 $p99 $bad"
}
ms() { # wrk latency ("812.00us", "3.21ms", "1.02s") -> milliseconds
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) printf "%.2f", v/1000; else if (v ~ /ms$/) printf "%.2f", v+0; else printf "%.2f", (v+0)*1000 }'
}
verdict() { awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { ok = (op == ">=") ? (a >= b) : (a < b); print ok ? "meets" : "MISSES" }'; }

read -r post_rps post_p50 post_p99 post_bad <<< "$(figures "$WORK/post.txt")"
read -r get_rps get_p50 get_p99 get_bad <<< "$(figures "$WORK/get.txt")"
post_p99_ms=$(ms "$post_p99"); get_p99_ms=$(ms "$get_p99")
report=$(cat <<TXT
## $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $CONNECTIONS connections, ${DURATION}s per run, $("$client" --protocol=TCP -h 127.0.0.1 -u "${QWIRE_DB_USER:-qwire}" -p"${QWIRE_DB_PASSWORD:-Qwire2026}" -N -e 'SELECT VERSION()')

| run | req/s | p50 | p99 | non-2xx+errors | budget |
|---|---|---|---|---|---|
| POST /v1/order | $post_rps | $post_p50 | $post_p99 | $post_bad | ≥ 3000 req/s: $(verdict "$post_rps" 3000 ">="); p99 < 25 ms: $(verdict "$post_p99_ms" 25 "<") |
| GET /v1/order  | $get_rps | $get_p50 | $get_p99 | $get_bad | ≥ 6000 req/s: $(verdict "$get_rps" 6000 ">="); p99 < 25 ms: $(verdict "$get_p99_ms" 25 "<") |
TXT
)
echo
echo "$report"
printf '\n%s\n' "$report" >> "$QWIRE_ROOT/bench/results.md"

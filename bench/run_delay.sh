#!/usr/bin/env bash
# Injected response delays under load, side by side with WireMock (issue 8): a mock standing in for a slow service
# must answer C concurrent callers of a D-second delay at about C / D a second, and keep answering everything else,
# or every figure taken through it measures the mock. The same wrk load (1 thread, C connections, on the load core)
# runs against: WireMock as the side-by-side bench tunes it (`fixedDelayMilliseconds` on its GET stub; a delay sleeps
# on one of its 64 container threads), WireMock with `--async-response-enabled` as well (its delays on a timer), and
# our platform (mode B on MariaDB, an order whose scenario delays GET /v1/order by D). Halfway through each run a
# liveness probe is timed. Prints req/s, p50, p99, the probe's time and the ratio to C / D, and appends the table to
# bench/results.md.
# Usage: bench/run_delay.sh [delay in ms, default 1000] [connections, default 256]
#   BENCH_SECONDS=20 (measured)  BENCH_WARMUP=30 (our JIT needs it on one core)  BENCH_SERVER_CPUS=0 BENCH_LOAD_CPUS=1
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DELAY_MS="${1:-1000}"
CONNECTIONS="${2:-256}"
MEASURE="${BENCH_SECONDS:-20}"
WARMUP="${BENCH_WARMUP:-30}"
PORT="${BENCH_PORT:-18080}"
URL="http://127.0.0.1:$PORT"
bench_work_dir
bench_require
bench_require_wiremock
# wrk opens every connection at the start of a run, so nothing can complete in the first D: over S seconds,
# C callers can complete at most C * (S - D) / D requests.
EXPECTED=$(awk -v c="$CONNECTIONS" -v d="$DELAY_MS" -v s="$MEASURE" 'BEGIN { printf "%.0f", c * (s * 1000 - d) / d / s }')

# WireMock's root: the side-by-side bench's GET stub and body, with the delay.
mkdir -p "$WORK/wiremock/mappings" "$WORK/wiremock/__files"
cp "$BENCH_DIR/wiremock/__files/order.json" "$WORK/wiremock/__files/"
cat > "$WORK/wiremock/mappings/get-order.json" <<JSON
{ "request": { "method": "GET", "urlPath": "/v1/order" },
  "response": { "status": 200, "bodyFileName": "order.json", "fixedDelayMilliseconds": $DELAY_MS,
                "headers": { "Content-Type": "application/json" } } }
JSON

start_system() { # system -> SERVER, READY, TARGET (the delayed URL), PROBE (a liveness URL)
  local started; started=$(date +%s.%N)
  case "$1" in
    wiremock|wiremock-async)
      taskset -c "$SERVER_CPUS" java -jar "$WIREMOCK_JAR" --port "$PORT" --bind-address 127.0.0.1 --root-dir "$WORK/wiremock" \
        --no-request-journal --disable-request-logging --container-threads 64 \
        $([ "$1" = wiremock-async ] && echo "--async-response-enabled true") > "$WORK/$1.out" 2>&1 &
      SERVER=$!
      READY=$(bench_wait_ready "$URL/__admin/health" "$started")
      TARGET="$URL/v1/order?reference=$(cat /proc/sys/kernel/random/uuid)"
      PROBE="$URL/__admin/health" ;;
    ours)
      bench_fresh_database
      bench_start_platform "$WORK/logs" "$WORK/$1.out" QWIRE_SCENARIO_DEFAULT=stuck
      local seconds; seconds=$(awk -v d="$DELAY_MS" 'BEGIN { printf "%.3f", d / 1000 }')
      curl -sf -o /dev/null -X PUT -H 'Content-Type: application/yaml' --data-binary "$(printf 'steps: []\napi:\n  get: { delay: PT%sS }\n' "$seconds")" \
        "$URL/v1/admin/scenarios/bench-delay" || { echo "bench: cannot define the delaying scenario" >&2; exit 1; }
      local reference
      reference=$(curl -sf -X POST -H 'Content-Type: application/json' "$URL/v1/order" -d \
        '{"productCode":"SKU-BOOK-001","quantity":1,"amount":"19.99","currency":"EUR","customerId":"bench-delay","scenario":"bench-delay"}' \
        | sed -n 's/.*"reference":"\([^"]*\)".*/\1/p')
      [ -n "$reference" ] || { echo "bench: cannot create the delayed order" >&2; exit 1; }
      TARGET="$URL/v1/order?reference=$reference"
      PROBE="$URL/health/live" ;;
  esac
  [ -n "$READY" ] || { cat "$WORK/$1.out" >&2; echo "bench: $1 did not become ready" >&2; exit 1; }
}

run() { # seconds -> wrk output on stdout; the probe's time (ms) in $WORK/probe
  ( sleep $(($1 / 2)); curl -s -o /dev/null -m 30 -w '%{http_code} %{time_total}\n' "$PROBE" > "$WORK/probe" ) &
  local probe=$!
  taskset -c "$LOAD_CPUS" wrk -t1 -c"$CONNECTIONS" -d"$1s" --timeout 30s --latency "$TARGET"
  wait "$probe"
}

declare -A ROW
for system in wiremock wiremock-async ours; do
  echo "bench: $system, warm-up $WARMUP s, then $MEASURE s with $CONNECTIONS connections and a $DELAY_MS ms delay"
  start_system "$system"
  run "$WARMUP" > /dev/null
  run "$MEASURE" > "$WORK/$system.wrk"
  read -r rps p50 p99 _ <<< "$(bench_figures "$WORK/$system.wrk")"
  errors=$(awk '/Socket errors/ { gsub(/,/, ""); print $4 + $6 + $8 + $10 }' "$WORK/$system.wrk"); errors=${errors:-0}
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$WORK/$system.wrk"); non2xx=${non2xx:-0}
  read -r code seconds < "$WORK/probe"
  probe_ms=$(awk -v s="$seconds" 'BEGIN { printf "%.1f", s * 1000 }')
  ROW[$system]="$rps | $p50 ms | $p99 ms | $(bench_ratio "$rps" "$EXPECTED") | $non2xx+$errors | $code in $probe_ms ms"
  echo "bench: $system: ${ROW[$system]}"
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
done

{
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — delayed answers: $(nproc) cores, servers on cpu $SERVER_CPUS, wrk on cpu $LOAD_CPUS (1 thread, $CONNECTIONS connections), a $DELAY_MS ms delay, warm-up $WARMUP s, $MEASURE s measured each"
  echo
  echo "\`bench/run_delay.sh $DELAY_MS $CONNECTIONS\`; $CONNECTIONS callers of a $DELAY_MS ms delay can complete at most $EXPECTED requests a second over a $MEASURE s run (C / D, less the first D, in which none can)."
  echo "WireMock $(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' "$QWIRE_ROOT/pom.xml") with the side-by-side bench's flags (\`--no-request-journal --disable-request-logging --container-threads 64\`), then with \`--async-response-enabled true\` too;"
  echo "ours: mode B on $(bench_sql 'SELECT VERSION()'), a scenario delaying \`GET /v1/order\`, JVM options \`$(qwire_java_opts)\`. The probe: \`/__admin/health\` (WireMock), \`/health/live\` (ours), sent halfway through."
  echo
  echo "| system | GET req/s | p50 | p99 | of the most possible | non-2xx+errors | liveness probe |"
  echo "|---|---|---|---|---|---|---|"
  echo "| WireMock, tuned (delays on container threads) | ${ROW[wiremock]} |"
  echo "| WireMock, tuned, async responses | ${ROW[wiremock-async]} |"
  echo "| ours (delays hold no thread) | ${ROW[ours]} |"
} > "$WORK/report.md"
echo
cat "$WORK/report.md"
printf '\n' >> "$BENCH_DIR/results.md"
cat "$WORK/report.md" >> "$BENCH_DIR/results.md"

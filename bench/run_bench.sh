#!/usr/bin/env bash
# The side-by-side benchmark, the one figure everybody quotes. In one run on this machine, with the
# same wrk load for each (one thread, 32 connections, pinned to its own core; servers pinned to the
# other): WireMock (tuned, a static Order JSON), the bare Jersey/Grizzly endpoint (our stack's ceiling,
# the same JSON), and our platform in mode B on MariaDB twice — lifecycle parked (scenario stuck) and
# running (the default scenario). Each system is warmed up (POST, then GET) before it is measured.
# The warm-up goes on, 30 s at a time, until the JIT compilers are quiet: on one core C2 can take a third of
# a server's CPU for minutes, and a figure taken then measures the compiler, not the server.
# Prints req/s, p50, p99, RSS, the ratios ours/WireMock and ours/bare, and appends them to
# bench/results.md. Usage: bench/run_bench.sh [measured seconds per run, default 20]
#   BENCH_WARMUP=60 (seconds of warm-up per system at least, half POST, half GET)
#   BENCH_JIT_QUIET=5 (% of the server's CPU the compilers may still use in the last 30 s of warm-up)
#   BENCH_WARMUP_MAX=600 (seconds of warm-up at most; the table shows the compilers' share when measured)
#   BENCH_SERVER_CPUS=0 BENCH_LOAD_CPUS=1 BENCH_CONNECTIONS=32 BENCH_SYSTEMS="wiremock bare parked parked-nometrics live"
# parked-nometrics is the parked platform with QWIRE_METRICS_ENABLED=false: what metrics cost (issue 11).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MEASURE="${1:-20}"
WARMUP="${BENCH_WARMUP:-60}"
JIT_QUIET="${BENCH_JIT_QUIET:-5}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-600}"
SYSTEMS="${BENCH_SYSTEMS:-wiremock bare parked parked-nometrics live}"
PORT="${BENCH_PORT:-18080}"
URL="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
bench_require
bench_require_wiremock

SERVER=""
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null; bench_restore_database; rm -rf "$WORK"; }
trap cleanup EXIT

for _ in $(seq 1 200); do uuidgen 2>/dev/null || cat /proc/sys/kernel/random/uuid; done > "$WORK/peer-refs.txt"

start_system() { # system -> sets SERVER, READY (seconds to ready)
  local started; started=$(date +%s.%N)
  case "$1" in
    wiremock)
      taskset -c "$SERVER_CPUS" java -jar "$WIREMOCK_JAR" --port "$PORT" --bind-address 127.0.0.1 --root-dir "$BENCH_DIR/wiremock" \
        --no-request-journal --disable-request-logging --container-threads 64 > "$WORK/$1.out" 2>&1 &
      SERVER=$!
      READY=$(bench_wait_ready "$URL/__admin/health" "$started") ;;
    bare)
      taskset -c "$SERVER_CPUS" java -cp "$(bench_bench_classpath)" com.qwire.mock.bench.BareStack "$PORT" > "$WORK/$1.out" 2>&1 &
      SERVER=$!
      READY=$(bench_wait_ready "$URL/v1/order" "$started") ;;
    parked|parked-nometrics|live)
      bench_fresh_database
      bench_start_platform "$WORK/logs-$1" "$WORK/$1.out" \
        QWIRE_SCENARIO_DEFAULT="$([ "$1" = live ] && echo happy || echo stuck)" \
        QWIRE_METRICS_ENABLED="$([ "$1" = parked-nometrics ] && echo false || echo true)" ;;
  esac
  [ -n "$READY" ] || { cat "$WORK/$1.out" >&2; echo "bench: $1 did not become ready" >&2; exit 1; }
}

refs_for() { # system -> file of references to GET
  if [ "$1" != wiremock ] && [ "$1" != bare ]; then
    bench_sql "SELECT reference FROM orders WHERE customer_id LIKE 'bench-%' ORDER BY created_at DESC LIMIT 5000" > "$WORK/refs-$1.txt"
    echo "$WORK/refs-$1.txt"
  else
    echo "$WORK/peer-refs.txt"
  fi
}

warm_up() { # system seconds -> the JIT compilers' share (%) of the server's CPU meanwhile
  local ticks jit refs
  ticks=$(bench_cpu_ticks "$SERVER"); jit=$(bench_jit_ticks "$SERVER")
  bench_wrk "$1" $(($2 / 2)) post_order.lua "$URL" > /dev/null
  refs=$(refs_for "$1")
  REFS="$refs" bench_wrk "$1" $(($2 - $2 / 2)) get_order.lua "$URL" > /dev/null
  bench_percent $(( $(bench_jit_ticks "$SERVER") - jit )) $(( $(bench_cpu_ticks "$SERVER") - ticks ))
}

declare -A POST GET RSS READY_AT DRAIN CPU WARMED JIT
for system in $SYSTEMS; do
  echo "bench: $system — starting"
  start_system "$system"
  READY_AT[$system]=$READY
  echo "bench: $system — ready after ${READY} s; warming up ${WARMUP} s"
  share=$(warm_up "$system" "$WARMUP"); warmed=$WARMUP
  while awk -v s="$share" -v q="$JIT_QUIET" 'BEGIN { exit !(s > q || s < 0) }' && [ "$warmed" -lt "$WARMUP_MAX" ]; do
    echo "bench: $system — the JIT compilers took ${share} % of the server's CPU; warming up 30 s more"
    share=$(warm_up "$system" 30); warmed=$((warmed + 30))
  done
  WARMED[$system]=$warmed
  jit=$(bench_jit_ticks "$SERVER"); all=$(bench_cpu_ticks "$SERVER")
  echo "bench: $system — POST for ${MEASURE} s"
  ticks=$(bench_cpu_ticks "$SERVER")
  bench_wrk "$system" "$MEASURE" post_order.lua "$URL" > "$WORK/$system-post.txt"
  cpu_post=$(bench_cpu_us_per_request "$WORK/$system-post.txt" $(( $(bench_cpu_ticks "$SERVER") - ticks )))
  refs=$(refs_for "$system")
  echo "bench: $system — GET for ${MEASURE} s"
  ticks=$(bench_cpu_ticks "$SERVER")
  REFS="$refs" bench_wrk "$system" "$MEASURE" get_order.lua "$URL" > "$WORK/$system-get.txt"
  CPU[$system]="$cpu_post $(bench_cpu_us_per_request "$WORK/$system-get.txt" $(( $(bench_cpu_ticks "$SERVER") - ticks )))"
  JIT[$system]=$(bench_percent $(( $(bench_jit_ticks "$SERVER") - jit )) $(( $(bench_cpu_ticks "$SERVER") - all )))
  POST[$system]=$(bench_figures "$WORK/$system-post.txt")
  GET[$system]=$(bench_figures "$WORK/$system-get.txt")
  if [ "$system" = live ]; then
    # Every callback of the run must arrive: wait for the backlog to drain, then count.
    drain_start=$(date +%s.%N)
    for _ in $(seq 1 600); do
      pending=$(bench_sql "SELECT COUNT(*) FROM callback_outbox WHERE status IN ('PENDING','IN_FLIGHT')")
      due=$(bench_sql "SELECT COUNT(*) FROM order_transitions WHERE status = 'PENDING'")
      [ "$pending" = 0 ] && [ "$due" = 0 ] && break
      sleep 0.5
    done
    drained=$(awk -v a="$drain_start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
    DRAIN[live]="$(java -cp "$(bench_bench_classpath)" com.qwire.mock.bench.PipelineReport --db "$BENCH_DB_URL" \
      --receipts "$WORK/logs-live/callback-received.log" --customer bench-1) drained_after_s=$drained"
  fi
  RSS[$system]=$(bench_rss_mb "$SERVER")
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
  echo "bench: $system — POST ${POST[$system]} | GET ${GET[$system]} | RSS ${RSS[$system]} MB | warm-up ${WARMED[$system]} s, JIT ${JIT[$system]} % when measured"
done

label() {
  case "$1" in
    wiremock) echo "WireMock $(sed -n 's:.*<wiremock.version>\(.*\)</wiremock.version>.*:\1:p' "$QWIRE_ROOT/pom.xml") tuned (static JSON)" ;;
    bare) echo "bare Jersey/Grizzly (constant JSON)" ;;
    parked) echo "ours, lifecycle parked (stuck)" ;;
    parked-nometrics) echo "ours, lifecycle parked, metrics off" ;;
    live) echo "ours, lifecycle running (happy)" ;;
  esac
}
field() { echo "$1" | awk -v i="$2" '{ print $i }'; }

{
  echo "## $(date -u +%Y-%m-%dT%H:%MZ) — side by side: $(nproc) cores, servers on cpu $SERVER_CPUS, wrk on cpu $LOAD_CPUS (1 thread, ${BENCH_CONNECTIONS:-32} connections), warm-up ${WARMUP} s or more (until the JIT compilers took <= ${JIT_QUIET} % of the server's CPU, at most ${WARMUP_MAX} s), ${MEASURE} s measured each"
  echo
  if [[ " $SYSTEMS " =~ \ (parked|parked-nometrics|live)\  ]]; then # only then is there a bench database to ask
    echo "\`bench/run_bench.sh $MEASURE\`; ours: mode B on $(bench_sql 'SELECT VERSION()') ($(bench_database_sizes)), JVM options \`$(qwire_java_opts)\`."
  else
    echo "\`bench/run_bench.sh $MEASURE\` (BENCH_SYSTEMS=\"$SYSTEMS\")."
  fi
  echo
  echo "| system | POST req/s | POST p50 | POST p99 | GET req/s | GET p50 | GET p99 | server CPU per request (POST / GET) | non-2xx+errors | RSS after | start to ready | warm-up (JIT share when measured) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for s in $SYSTEMS; do
    p=${POST[$s]}; g=${GET[$s]}
    echo "| $(label "$s") | $(field "$p" 1) | $(field "$p" 2) ms | $(field "$p" 3) ms | $(field "$g" 1) | $(field "$g" 2) ms | $(field "$g" 3) ms | $(field "${CPU[$s]}" 1) / $(field "${CPU[$s]}" 2) µs | $(field "$p" 4) / $(field "$g" 4) | ${RSS[$s]} MB | ${READY_AT[$s]} s | ${WARMED[$s]} s (${JIT[$s]} %) |"
  done
  if [[ " $SYSTEMS " == *" wiremock "* && " $SYSTEMS " == *" bare "* ]]; then
    echo
    echo "| ratio | POST | GET |"
    echo "|---|---|---|"
    for ours in parked live; do
      [[ " $SYSTEMS " == *" $ours "* ]] || continue
      for peer in wiremock bare; do
        echo "| $ours / $peer | $(bench_ratio "$(field "${POST[$ours]}" 1)" "$(field "${POST[$peer]}" 1)") | $(bench_ratio "$(field "${GET[$ours]}" 1)" "$(field "${GET[$peer]}" 1)") |"
      done
    done
    if [[ " $SYSTEMS " == *" parked "* && " $SYSTEMS " == *" parked-nometrics "* ]]; then
      echo
      echo "Cost of metrics (issue 11: at most 5 %), parked with metrics on against off, same run:" \
        "POST $(awk -v on="$(field "${POST[parked]}" 1)" -v off="$(field "${POST[parked-nometrics]}" 1)" 'BEGIN { printf "%+.1f %%", 100 * (off - on) / off }')," \
        "GET $(awk -v on="$(field "${GET[parked]}" 1)" -v off="$(field "${GET[parked-nometrics]}" 1)" 'BEGIN { printf "%+.1f %%", 100 * (off - on) / off }')" \
        "(positive: slower with metrics); server CPU per request" \
        "POST $(awk -v on="$(field "${CPU[parked]}" 1)" -v off="$(field "${CPU[parked-nometrics]}" 1)" 'BEGIN { printf "%+.1f %%", 100 * (on - off) / off }')," \
        "GET $(awk -v on="$(field "${CPU[parked]}" 2)" -v off="$(field "${CPU[parked-nometrics]}" 2)" 'BEGIN { printf "%+.1f %%", 100 * (on - off) / off }')" \
        "(positive: more CPU with metrics)."
    fi
    if [[ " $SYSTEMS " == *" parked "* && " $SYSTEMS " == *" live "* ]]; then
      wm_post=$(field "${POST[wiremock]}" 1); wm_get=$(field "${GET[wiremock]}" 1)
      lost=$(echo "${DRAIN[live]}" | sed -n 's/.*lost=\([0-9-]*\).*/\1/p')
      echo
      echo "Goals (issue 8):"
      echo "- GET >= 0.4x WireMock, p99 <= 15 ms: $(bench_verdict "$(awk -v a="$(field "${GET[parked]}" 1)" -v b="$wm_get" -v p="$(field "${GET[parked]}" 3)" 'BEGIN{print (a >= 0.4*b && p <= 15)}')") (parked) / $(bench_verdict "$(awk -v a="$(field "${GET[live]}" 1)" -v b="$wm_get" -v p="$(field "${GET[live]}" 3)" 'BEGIN{print (a >= 0.4*b && p <= 15)}')") (live)"
      echo "- POST parked >= 0.2x WireMock, p99 <= 25 ms: $(bench_verdict "$(awk -v a="$(field "${POST[parked]}" 1)" -v b="$wm_post" -v p="$(field "${POST[parked]}" 3)" 'BEGIN{print (a >= 0.2*b && p <= 25)}')")"
      echo "- POST live >= 0.1x WireMock, every callback received: $(bench_verdict "$(awk -v a="$(field "${POST[live]}" 1)" -v b="$wm_post" -v l="$lost" 'BEGIN{print (a >= 0.1*b && l == 0)}')")"
    fi
  fi
  if [ -n "${DRAIN[live]:-}" ]; then
    echo
    echo "Lifecycle running, every order of the run (warm-up included): \`${DRAIN[live]}\`"
  fi
} > "$WORK/report.md"

echo
cat "$WORK/report.md"
printf '\n' >> "$BENCH_DIR/results.md"
cat "$WORK/report.md" >> "$BENCH_DIR/results.md"

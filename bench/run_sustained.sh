#!/usr/bin/env bash
# The sustained-lifecycle benchmark: orders created at fixed rates (an open-loop load, bench/OpenLoad),
# step after step, against the platform in mode B on MariaDB with the default scenario, its callbacks
# going to its own callback server. Samples the backlog (due but not yet delivered) every second,
# measures callback lag (due -> received) and names the highest rate whose backlog stayed flat while its
# callbacks came through at the offered rate (BEHIND: the creates queued instead; bench/Sustained.java).
# Appends the table to bench/results.md. Usage: bench/run_sustained.sh [rates, default 100,200,300,400]
#   BENCH_SECONDS=60 (per step)  BENCH_WARMUP=120 (seconds at the warm-up rate at least)  BENCH_WARMUP_RATE=100
#   BENCH_JIT_QUIET=5 BENCH_WARMUP_MAX=600: the warm-up goes on, 30 s at a time, until the JIT compilers took at
#   most BENCH_JIT_QUIET % of the server's CPU over the last 30 s (as in run_bench.sh)
#   BENCH_SERVER_CPUS=0 BENCH_LOAD_CPUS=1 (as run_bench.sh)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RATES="${1:-100,200,300,400}"
SECONDS_PER_STEP="${BENCH_SECONDS:-60}"
WARMUP="${BENCH_WARMUP:-120}"
WARMUP_RATE="${BENCH_WARMUP_RATE:-100}"
JIT_QUIET="${BENCH_JIT_QUIET:-5}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-600}"
PORT="${BENCH_PORT:-18080}"
bench_work_dir

bench_require
bench_fresh_database
bench_start_platform "$WORK/logs" "$WORK/server.out"
ready=$READY
echo "bench: ready after $ready s; rates $RATES orders/s, $SECONDS_PER_STEP s each, warm-up $WARMUP s at $WARMUP_RATE/s"

warmed=$(bench_sustained_warm_up "$WORK" "$WARMUP_RATE" "$WARMUP" "$JIT_QUIET" "$WARMUP_MAX")
jit=$(bench_jit_ticks "$SERVER"); all=$(bench_cpu_ticks "$SERVER")
bench_sustained "$WORK" "$RATES" "$SECONDS_PER_STEP" --out "$WORK/steps.md"
jit=$(bench_percent $(( $(bench_jit_ticks "$SERVER") - jit )) $(( $(bench_cpu_ticks "$SERVER") - all )))
rss=$(bench_rss_mb "$SERVER")

{
  printf '\n## %s — sustained lifecycle, 2 cores, server on cpu %s, load on cpu %s\n\n' "$(date -u +%Y-%m-%dT%H:%MZ)" "$SERVER_CPUS" "$LOAD_CPUS"
  printf '`bench/run_sustained.sh %s` (BENCH_SECONDS=%s, warm-up %s s at %s/s, until the JIT compilers took <= %s %% of the server'"'"'s CPU; they took %s %% while measured); mode B on MariaDB (%s), default scenario, JVM options `%s`.\n\n' \
    "$RATES" "$SECONDS_PER_STEP" "$warmed" "$WARMUP_RATE" "$JIT_QUIET" "$jit" "$(bench_database_sizes)" "$(qwire_java_opts)"
  cat "$WORK/steps.md"
  printf '\nRSS after the run: %s MB; start to ready: %s s.\n' "$rss" "$ready"
} | tee -a "$BENCH_DIR/results.md"

#!/usr/bin/env bash
# Where a running order's cost goes, counted so that it holds on a noisy shared machine (issue 8): throughput moves
# by a factor of two between runs of one build here, statements and COMMITs per order do not. The platform runs in
# mode B on MariaDB with the default scenario (as run_sustained.sh); orders come at a fixed open-loop rate; after a
# warm-up until the JIT compilers are quiet, one measured step gives, per order: the server's CPU by thread group and
# their voluntary context switches (/proc/<pid>/task), MariaDB's CPU and its statement counters (SHOW GLOBAL
# STATUS), and the step's own row (create latency, lag). The window covers the step and its drain (a second or two
# when the backlog is flat). Appends the table to bench/results.md.
# Usage: bench/run_profile.sh [rate, default 250]
#   BENCH_SECONDS=30 (the measured step)  BENCH_WARMUP=120 BENCH_JIT_QUIET=5 BENCH_WARMUP_MAX=600 (as run_sustained.sh)
#   BENCH_ASYNC_PROFILER=1: also samples the server's CPU with async-profiler 3.0 (from Maven Central) over the step,
#     writes collapsed stacks to bench/target/profile-<time>.collapsed and prints the shares of a few libraries
#   An A/B: run it from a worktree of each build (`git worktree add`, then `mvn -q install -DskipTests` there), in
#   alternating order, several pairs: here the second run of a pair tends to be the faster one, whichever build it is.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RATE="${1:-250}"
SECONDS_PER_STEP="${BENCH_SECONDS:-30}"
WARMUP="${BENCH_WARMUP:-120}"
JIT_QUIET="${BENCH_JIT_QUIET:-5}"
WARMUP_MAX="${BENCH_WARMUP_MAX:-600}"
PORT="${BENCH_PORT:-18080}"
bench_work_dir

bench_require
BUILD="$(git -C "$QWIRE_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$QWIRE_ROOT" diff --quiet HEAD -- service-impl 2>/dev/null || echo ' with uncommitted changes')"
MARIADB_PID=$(pgrep -x mariadbd || pgrep -x mysqld || true)
[ -n "$MARIADB_PID" ] || { echo "bench: run_profile.sh reads the database server's CPU from /proc: it needs a local mariadbd or mysqld" >&2; exit 1; }
STATUS="'Questions','Com_select','Com_insert','Com_update','Com_delete','Com_commit','Handler_write','Innodb_os_log_written'"
[ -n "$BENCH_DB_CLIENT" ] || { echo "bench: the mariadb or mysql client is required" >&2; exit 1; }
db_status() { bench_root_sql "SHOW GLOBAL STATUS WHERE Variable_name IN ($STATUS)"; }
db_status > /dev/null || { echo "bench: cannot read the database's status as root over its socket" >&2; exit 1; }

# Per thread group (the name without its number): CPU ticks, voluntary context switches, threads.
threads() { # pid
  local task
  for task in /proc/"$1"/task/*; do
    printf '%s\t%s\t%s\n' "$(cat "$task/comm" 2>/dev/null)" "$(sed 's/.*) //' "$task/stat" 2>/dev/null | awk '{ print $12 + $13 }')" \
      "$(awk '/^voluntary_ctxt_switches/ { print $2 }' "$task/status" 2>/dev/null)"
  done | awk -F'\t' '$2 != "" { name = $1; sub(/[-_ #]*[0-9]+$/, "", name); gsub(/[0-9]+/, "N", name)
                                 cpu[name] += $2; cs[name] += $3; n[name]++ }
                               END { for (k in cpu) printf "%s\t%d\t%d\t%d\n", k, cpu[k], cs[k], n[k] }'
}

ASPROF=""
if [ "${BENCH_ASYNC_PROFILER:-0}" = 1 ]; then
  ASPROF="$BENCH_DIR/target/async-profiler/linux-x64/libasyncProfiler.so"
  if [ ! -f "$ASPROF" ]; then
    mvn -q -B -ntp dependency:copy -Dartifact=tools.profiler:async-profiler:3.0:jar:linux-x64 -DoutputDirectory="$WORK" \
      || { echo "bench: could not fetch async-profiler 3.0 from Maven Central" >&2; exit 1; }
    mkdir -p "$BENCH_DIR/target/async-profiler" && (cd "$BENCH_DIR/target/async-profiler" && unzip -o -q "$WORK"/async-profiler-3.0-linux-x64.jar)
  fi
fi
profiler() { java -cp "$BENCH_JAR" com.qwire.mock.bench.Attach "$SERVER" "$ASPROF" "$1"; }

bench_fresh_database
bench_start_platform "$WORK/logs" "$WORK/server.out"
echo "bench: ready after $READY s; $RATE orders/s, warm-up $WARMUP s or more, then $SECONDS_PER_STEP s measured"
warmed=$(bench_sustained_warm_up "$WORK" "$RATE" "$WARMUP" "$JIT_QUIET" "$WARMUP_MAX")

[ -z "$ASPROF" ] || profiler "start,event=cpu,interval=1ms"
threads "$SERVER" > "$WORK/threads.0"; db_status > "$WORK/db.0"
db0=$(bench_cpu_ticks "$MARIADB_PID"); jit=$(bench_jit_ticks "$SERVER"); all=$(bench_cpu_ticks "$SERVER")
bench_sustained "$WORK" "$RATE" "$SECONDS_PER_STEP" --keep-going --out "$WORK/step.md" > /dev/null
threads "$SERVER" > "$WORK/threads.1"; db_status > "$WORK/db.1"
db1=$(bench_cpu_ticks "$MARIADB_PID"); jit=$(bench_percent $(( $(bench_jit_ticks "$SERVER") - jit )) $(( $(bench_cpu_ticks "$SERVER") - all )))
all=$(( $(bench_cpu_ticks "$SERVER") - all ))
COLLAPSED=""
if [ -n "$ASPROF" ]; then
  COLLAPSED="$BENCH_DIR/target/profile-$(date -u +%Y%m%dT%H%M%SZ).collapsed"
  profiler "stop,file=$COLLAPSED,collapsed"
fi
orders=$(( RATE * SECONDS_PER_STEP ))
hz=$(getconf CLK_TCK)
us() { awk -v t="$1" -v hz="$hz" -v n="$orders" 'BEGIN { printf "%.0f", t * 1000000 / hz / n }'; }

{
  printf '\n## %s — where a running order goes, %s orders/s, 2 cores, server on cpu %s, load on cpu %s\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$RATE" "$SERVER_CPUS" "$LOAD_CPUS"
  printf '`bench/run_profile.sh %s` (BENCH_SECONDS=%s, warm-up %s s, the JIT compilers %s %% of the server'"'"'s CPU while measured); build %s; mode B on MariaDB (%s), default scenario, JVM options `%s`.\n\n' \
    "$RATE" "$SECONDS_PER_STEP" "$warmed" "$jit" "$BUILD" "$(bench_database_sizes)" "$(qwire_java_opts)"
  sed -n '/^| orders/,/^|[ 0-9.]*|/p' "$WORK/step.md"
  printf '\nPer order (%s orders): server CPU %s µs, MariaDB CPU %s µs; RSS after the step %s MB.\n\n' "$orders" "$(us "$all")" \
    "$(us $((db1 - db0)))" "$(bench_rss_mb "$SERVER")"
  echo "| server thread group | threads | CPU per order | voluntary context switches per order |"
  echo "|---|---|---|---|"
  LC_ALL=C join -t $'\t' -a 2 -e 0 -o 0,1.2,1.3,1.4,2.2,2.3,2.4 <(LC_ALL=C sort "$WORK/threads.0") <(LC_ALL=C sort "$WORK/threads.1") \
    | awk -F'\t' -v hz="$hz" -v n="$orders" '{ printf "%s\t%d\t%.0f\t%.2f\n", $1, $7, ($5 - $2) * 1000000 / hz / n, ($6 - $3) / n }' \
    | sort -t $'\t' -k3,3nr | awk -F'\t' '$3 >= 5 { printf "| %s | %s | %s µs | %s |\n", $1, $2, $3, $4 }'
  echo
  echo "| database counter | per order |"
  echo "|---|---|"
  LC_ALL=C join <(LC_ALL=C sort "$WORK/db.0") <(LC_ALL=C sort "$WORK/db.1") | awk -v n="$orders" '{ printf "| `%s` | %.2f |\n", $1, ($3 - $2) / n }'
  if [ -n "$COLLAPSED" ]; then
    printf '\nasync-profiler, share of the server'"'"'s CPU samples whose stack passes through each (they overlap; stacks in `%s`, not committed):' \
      "${COLLAPSED#"$QWIRE_ROOT"/}"
    for lib in logback jackson 'hibernate/validator' 'org/hibernate/' 'mariadb' 'micrometer' 'grizzly' 'jersey'; do
      awk -v lib="$lib" '{ n = $NF; all += n; if (index($0, lib)) hit += n } END { printf " %s %.1f %%;", lib, all ? 100 * hit / all : 0 }' "$COLLAPSED"
    done
    echo
  fi
} | tee -a "$BENCH_DIR/results.md"

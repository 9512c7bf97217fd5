#!/usr/bin/env bash
# The callback pipeline end to end (mode B, local MySQL/MariaDB, default delays): creates ORDERS
# orders at full speed (bench/CreateOrders.java, 32 concurrent callers), then measures how long after the last create every callback
# (2 per order) is delivered and recorded by the callback server. Budget: 5,000 orders -> all
# 10,000 callbacks within 5 s of the last create (the goal of issue 8), none lost. Appends the result to bench/results.md.
# Usage: bench/run_pipeline.sh [orders, default 5000]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ORDERS="${1:-5000}"
RUN="pipeline-$(date +%s)"
WORK="$(mktemp -d)"
ORDER_PORT="${BENCH_PORT:-18080}"
CALLBACK_PORT=$((ORDER_PORT + 1))

qwire_require_java
qwire_ensure_built
qwire_ensure_class_data --wait
SERVER=""
# Under set -e a bare wait on the killed server (143) would end the trap, and the script, there.
trap 'if [ -n "$SERVER" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; fi; bench_restore_database; rm -rf "$WORK"' EXIT
bench_fresh_database

# Its own database, emptied each run: benchmark load never lands in qwire.
export QWIRE_DB_URL="${QWIRE_BENCH_DB_URL:-jdbc:mysql://127.0.0.1:3306/qwire_bench}" QWIRE_ORDER_PORT="$ORDER_PORT" QWIRE_CALLBACK_PORT="$CALLBACK_PORT"
export QWIRE_CALLBACK_URL="http://127.0.0.1:$CALLBACK_PORT/v1/callback" QWIRE_LOG_DIR="$WORK/logs" QWIRE_ACCESS_LOG_CONSOLE=false
java $(qwire_java_opts) -jar "$QWIRE_JAR" all > "$WORK/server.out" 2>&1 &
SERVER=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$ORDER_PORT/health/ready" >/dev/null && break; sleep 1; done

echo "bench: creating $ORDERS orders at full speed (run $RUN)…"
load=$(java "$QWIRE_ROOT/bench/CreateOrders.java" "http://127.0.0.1:$ORDER_PORT/v1/order" "$ORDERS" 32 "$RUN")
created_at=$(date +%s.%N)
created=$(bench_sql "SELECT COUNT(*) FROM orders WHERE customer_id = '$RUN'")
expected=$((created * 2))
echo "bench: $load; waiting for $expected callbacks…"

deadline=$(( $(date +%s) + 120 ))
delivered=0; received=0
while :; do
  delivered=$(bench_sql "SELECT COUNT(*) FROM callback_outbox o JOIN orders r ON r.reference = o.order_reference WHERE r.customer_id = '$RUN' AND o.status = 'DELIVERED'")
  received=$(grep -c "\"responseStatus\":200" "$WORK/logs/callback-received.log" 2>/dev/null || true)
  [ "$delivered" -ge "$expected" ] && [ "$received" -ge "$expected" ] && break
  [ "$(date +%s)" -ge "$deadline" ] && break
  sleep 0.2
done
done_at=$(date +%s.%N)
after=$(awk -v a="$created_at" -v b="$done_at" 'BEGIN{printf "%.1f", b-a}')
dead=$(bench_sql "SELECT COUNT(*) FROM callback_outbox o JOIN orders r ON r.reference = o.order_reference WHERE r.customer_id = '$RUN' AND o.status = 'DEAD_LETTER'")
# A sample answered by /v1/check proves the receipts are visible there, not only logged.
sample=$(bench_sql "SELECT reference FROM orders WHERE customer_id = '$RUN' ORDER BY created_at DESC LIMIT 1")
check=$(curl -s "http://127.0.0.1:$CALLBACK_PORT/v1/check?reference=$sample")
verdict=$(awk -v t="$after" -v d="$delivered" -v r="$received" -v e="$expected" 'BEGIN{print (d>=e && r>=e && t<=5) ? "meets" : "MISSES"}')
report=$(cat <<TXT
## $(date -u +%Y-%m-%dT%H:%MZ) — pipeline, $(nproc) cores, $created orders, default delays, MariaDB $(bench_database_sizes)

| orders | create run | callbacks expected | delivered | received | dead letters | all in, after last create | goal (≤ 5 s, none lost) |
|---|---|---|---|---|---|---|---|
| $created | $load | $expected | $delivered | $received | $dead | $after s | $verdict |

Sample /v1/check: \`$(echo "$check" | head -c 160)…\`
TXT
)
echo
echo "$report"
printf '\n%s\n' "$report" >> "$QWIRE_ROOT/bench/results.md"

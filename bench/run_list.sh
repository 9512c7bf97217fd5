#!/usr/bin/env bash
# The admin lists at scale (issue 12): seeds 1,000,000 orders (and 2,000,000 callback events) straight
# into the bench database, starts the platform on it (manual clock: nothing moves while we measure), and
# measures GET /v1/admin/orders — the newest 50 under each filter, and a later page by cursor — and the
# delivery journal with wrk (closed loop, 4 connections, load on its own core). The goal: p99 under 50 ms.
# Prints the query plans of the equivalent SQL and appends the table to bench/results.md.
# Usage: bench/run_list.sh [orders, default 1000000]   BENCH_SECONDS=15 (per query)  BENCH_SERVER_CPUS/BENCH_LOAD_CPUS
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ORDERS="${1:-1000000}"
SECONDS_PER_QUERY="${BENCH_SECONDS:-15}"
PORT="${BENCH_PORT:-18080}"
WORK="$(mktemp -d)"
SERVER=""
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

bench_require
"$QWIRE_ROOT/scripts/prepare_mysql.sh" --fresh-bench-db > /dev/null
start_server() {
  bench_start_platform "$WORK/logs" "$WORK/server.out" QWIRE_CLOCK=manual
}
start_server # migrates the schema

echo "bench: seeding $ORDERS orders and $((ORDERS * 2)) callback events…"
seeded_at=$(date +%s)
BATCH=100000
for ((from = 1; from <= ORDERS; from += BATCH)); do
  to=$((from + BATCH - 1)); [ "$to" -gt "$ORDERS" ] && to=$ORDERS
  # Deterministic rows: references from the sequence number, ten statuses, five scenarios, six products,
  # 10,000 customers (100 orders each), one trace id per order, one order every 2.003 s from 2026-10-01.
  bench_sql "INSERT INTO orders (reference, product_code, quantity, amount, currency, customer_id, status, scenario, callback_url,
      request_hash, trace_id, created_at, updated_at, version)
    SELECT CONCAT(LPAD(HEX(seq), 8, '0'), '-0000-4000-8000-', LPAD(HEX(seq * 7919), 12, '0')),
      ELT(1 + seq % 6, 'SKU-BOOK-001', 'SKU-PHONE-002', 'SKU-GPU-003', 'SKU-FAX-004', 'SKU-MUG-005', 'SKU-DESK-006'),
      1, 9.99, 'EUR', CONCAT('cust-', seq % 10000),
      ELT(1 + seq % 10, 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED', 'PROCESSING'),
      ELT(1 + seq % 5, 'happy', 'happy', 'happy', 'slow', 'flaky-callback'),
      'http://127.0.0.1:$((PORT + 1))/v1/callback', SHA2(seq, 256), CONCAT('trace-', seq),
      TIMESTAMP('2026-10-01') + INTERVAL (seq * 2003) * 1000 MICROSECOND, TIMESTAMP('2026-10-01') + INTERVAL (seq * 2003 + 700) * 1000 MICROSECOND, 0
    FROM seq_${from}_to_${to}"
  bench_sql "INSERT INTO callback_outbox (event_id, order_reference, sequence, event_type, order_status, payload, target_url, target_key,
      trace_id, status, attempts, manual, next_attempt_at, created_at, delivered_at, dead_lettered_at)
    SELECT CONCAT(LPAD(HEX(o.seq), 8, '0'), '-000', e.seq, '-4000-8000-', LPAD(HEX(o.seq * 104729), 12, '0')),
      CONCAT(LPAD(HEX(o.seq), 8, '0'), '-0000-4000-8000-', LPAD(HEX(o.seq * 7919), 12, '0')), e.seq, 'order.status_changed',
      IF(e.seq = 1, 'PROCESSING', 'COMPLETED'), '{}', 'http://127.0.0.1:$((PORT + 1))/v1/callback', 'http://127.0.0.1:$((PORT + 1))',
      CONCAT('trace-', o.seq), IF(o.seq % 500 = 0, 'DEAD_LETTER', 'DELIVERED'), IF(o.seq % 500 = 0, 6, 1), FALSE,
      TIMESTAMP('2026-10-01') + INTERVAL (o.seq * 2003 + e.seq * 200) * 1000 MICROSECOND,
      TIMESTAMP('2026-10-01') + INTERVAL (o.seq * 2003 + e.seq * 200) * 1000 MICROSECOND,
      IF(o.seq % 500 = 0, NULL, TIMESTAMP('2026-10-01') + INTERVAL (o.seq * 2003 + e.seq * 200 + 20) * 1000 MICROSECOND),
      IF(o.seq % 500 = 0, TIMESTAMP('2026-10-01') + INTERVAL (o.seq * 2003 + e.seq * 200 + 60000) * 1000 MICROSECOND, NULL)
    FROM seq_${from}_to_${to} o JOIN seq_1_to_2 e"
  printf '.'
done
bench_sql "ANALYZE TABLE orders, callback_outbox" > /dev/null
echo " $(( $(date +%s) - seeded_at )) s"
# Restart on the seeded tables, then warm the JVM on the list queries before measuring.
kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=""
start_server
BASE="http://127.0.0.1:$PORT/v1/admin"
cursor=$(curl -sf "$BASE/orders?status=FAILED&limit=50" | python3 -c 'import json,sys; print(json.load(sys.stdin)["nextCursor"])')
for ((i = 0; i < 20; i++)); do cursor=$(curl -sf "$BASE/orders?status=FAILED&limit=50&cursor=$cursor" | python3 -c 'import json,sys; print(json.load(sys.stdin)["nextCursor"])'); done
QUERIES=(
  "newest, no filter|orders?limit=50"
  "status=FAILED|orders?status=FAILED&limit=50"
  "scenario=slow|orders?scenario=slow&limit=50"
  "productCode=SKU-GPU-003|orders?productCode=SKU-GPU-003&limit=50"
  "customerId=cust-4242|orders?customerId=cust-4242&limit=50"
  "traceId=trace-777777|orders?traceId=trace-777777&limit=50"
  "status=CANCELLED and productCode=SKU-MUG-005|orders?status=CANCELLED&productCode=SKU-MUG-005&limit=50"
  "status=FAILED, 22nd page (cursor)|orders?status=FAILED&limit=50&cursor=$cursor"
  "journal: newest 50 events|callbacks?limit=50"
  "journal: status=DEAD_LETTER|callbacks?status=DEAD_LETTER&limit=50"
)
echo "bench: warming up (30 s)…"
for q in "${QUERIES[@]}"; do taskset -c "$LOAD_CPUS" wrk -t1 -c4 -d3s "$BASE/${q#*|}" > /dev/null; done
rows=""
all_ok=1
for q in "${QUERIES[@]}"; do
  name="${q%%|*}"; path="${q#*|}"
  taskset -c "$LOAD_CPUS" wrk -t1 -c4 -d"${SECONDS_PER_QUERY}s" --latency "$BASE/$path" > "$WORK/wrk.txt"
  rps=$(awk '/^Requests\/sec/ {printf "%.0f", $2}' "$WORK/wrk.txt")
  p50=$(bench_ms "$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt")")
  p99=$(bench_ms "$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")")
  bad=$(awk '/Non-2xx/ {print $NF}' "$WORK/wrk.txt"); bad=${bad:-0}
  count=$(curl -sf "$BASE/$path" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d.get("orders", d.get("events", []))))')
  ok=$(awk -v p="$p99" -v b="$bad" 'BEGIN { print (p < 50 && b == 0) ? 1 : 0 }')
  [ "$ok" = 1 ] || all_ok=0
  rows+="| $name | $count | $rps | $p50 ms | $p99 ms | $bad | $(bench_verdict "$ok") |"$'\n'
  echo "bench: $name: $rps req/s, p50 $p50 ms, p99 $p99 ms, $count rows"
done
plans=$(for where in "" "WHERE status = 'FAILED'" "WHERE customer_id = 'cust-4242'" "WHERE status = 'CANCELLED' AND product_code = 'SKU-MUG-005'"; do
  sql="SELECT reference, product_code, quantity, customer_id, status, scenario, trace_id, created_at, updated_at FROM orders $where ORDER BY created_at DESC, reference DESC LIMIT 51"
  echo "$sql;"
  bench_sql "EXPLAIN $sql" | awk -F'\t' '{ printf "  type=%s key=%s rows=%s extra=%s\n", $4, $6, $9, $10 }'
done)
rss=$(bench_rss_mb "$SERVER")
{
  printf '\n## %s — admin lists on %s orders (%s callback events), server on cpu %s, wrk on cpu %s (1 thread, 4 connections)\n\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$ORDERS" "$((ORDERS * 2))" "$SERVER_CPUS" "$LOAD_CPUS"
  printf '`bench/run_list.sh %s` (BENCH_SECONDS=%s per query, after a warm-up); mode B on %s, JVM options `%s`; RSS after: %s MB.\n\n' \
    "$ORDERS" "$SECONDS_PER_QUERY" "$(bench_sql 'SELECT VERSION()')" "$(qwire_java_opts)" "$rss"
  printf '| query (GET /v1/admin/…, 50 per page) | rows | req/s | p50 | p99 | non-2xx | p99 < 50 ms |\n|---|---|---|---|---|---|---|\n%s\n' "$rows"
  printf 'Query plans of the equivalent SQL (MariaDB EXPLAIN: every list is a range read of one index, backwards, stopping at the page):\n\n```\n%s\n```\n' "$plans"
} | tee -a "$BENCH_DIR/results.md"
[ "$all_ok" = 1 ] || echo "bench: some list misses its 50 ms p99 goal" >&2

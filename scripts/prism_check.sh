#!/usr/bin/env bash
# Independent contract check: Stoplight Prism, as validating proxies in front of a running platform
# (embedded database, manual clock, its own ports), sees every operation of both contracts with the
# Accept headers real clients send, and must report no violation. Needs Node.js and npm: the
# pinned Prism (tools/prism) is installed on first use. The test command runs it last.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ORDER_PORT=${PRISM_CHECK_ORDER_PORT:-18480}
CALLBACK_PORT=${PRISM_CHECK_CALLBACK_PORT:-18481}
PROXY_BASE=${PRISM_CHECK_PROXY_BASE:-14010}

command -v npm >/dev/null 2>&1 || { echo "prism_check: Node.js and npm are required (apt-get install nodejs npm)" >&2; exit 1; }
qwire_require_java
qwire_ensure_built
qwire_ensure_class_data --wait # the run scripts' fast start, exercised here
PRISM_DIR="$QWIRE_ROOT/tools/prism"
if [ ! -x "$PRISM_DIR/node_modules/.bin/prism" ] || [ "$PRISM_DIR/package-lock.json" -nt "$PRISM_DIR/node_modules/.package-lock.json" ]; then
  echo "prism_check: installing the pinned Prism CLI…"
  npm ci --prefix "$PRISM_DIR" --no-audit --no-fund --loglevel=error >/dev/null
fi
WORK=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

(cd "$WORK" && QWIRE_ORDER_PORT=$ORDER_PORT QWIRE_CALLBACK_PORT=$CALLBACK_PORT QWIRE_CLOCK=manual QWIRE_DATA_DIR="$WORK/data" \
  QWIRE_LOG_DIR="$WORK/logs" QWIRE_ACCESS_LOG_CONSOLE=false QWIRE_DB_URL= exec java -jar "$QWIRE_JAR" all >"$WORK/platform.log" 2>&1) &
pids+=($!)
proxy() { # spec upstream port
  "$PRISM_DIR/node_modules/.bin/prism" proxy "$QWIRE_ROOT/openapi/$1" "$2" --host 127.0.0.1 --port "$3" >"$WORK/prism-$3.log" 2>&1 &
  pids+=($!)
}
proxy order_server.yaml "http://127.0.0.1:$ORDER_PORT/v1" "$PROXY_BASE"
proxy callback_server.yaml "http://127.0.0.1:$CALLBACK_PORT/v1" "$((PROXY_BASE + 1))"
proxy order_server.yaml "http://127.0.0.1:$ORDER_PORT" "$((PROXY_BASE + 2))"
proxy callback_server.yaml "http://127.0.0.1:$CALLBACK_PORT" "$((PROXY_BASE + 3))"

wait_for() { # url what [curl option: -f to wait for a 2xx]
  for _ in $(seq 120); do curl -s ${3:-} -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "prism_check: $2 did not come up; its log:" >&2; cat "$WORK"/*.log >&2; exit 1
}
wait_for "http://127.0.0.1:$ORDER_PORT/health/ready" "the platform" -f
for offset in 0 1 2 3; do wait_for "http://127.0.0.1:$((PROXY_BASE + offset))/" "Prism on port $((PROXY_BASE + offset))"; done

PRISM_ORDER="http://127.0.0.1:$PROXY_BASE" PRISM_CALLBACK="http://127.0.0.1:$((PROXY_BASE + 1))" \
PRISM_ORDER_ROOT="http://127.0.0.1:$((PROXY_BASE + 2))" PRISM_CALLBACK_ROOT="http://127.0.0.1:$((PROXY_BASE + 3))" \
DIRECT_ORDER="http://127.0.0.1:$ORDER_PORT" WEBHOOK_SECRET="${QWIRE_WEBHOOK_SECRET:-whsec_cXdpcmUtbW9jay1kZWZhdWx0LXNpZ25pbmcta2V5LTIwMjY=}" \
  python3 "$QWIRE_ROOT/scripts/prism_check.py"

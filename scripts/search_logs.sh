#!/usr/bin/env bash
# One order's whole story from the logs, in time order: API exchanges, status changes, callback
# dispatch attempts and receipts (logs/*.log, or QWIRE_LOG_DIR).
#   scripts/search_logs.sh --reference <uuid>
#   scripts/search_logs.sh --trace <trace-id>        [--log-dir <dir>] [--json]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
qwire_load_env
qwire_require_java
qwire_ensure_built
cd "$QWIRE_ROOT"
exec java -jar "$QWIRE_JAR" search-logs "$@"

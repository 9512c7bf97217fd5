#!/usr/bin/env bash
# Runs the whole platform in one process (mode B): order service on :8080, callback server on :8081.
#   scripts/run_all.sh            embedded H2 under ./data (quick local runs; nothing to install)
#   scripts/run_all.sh --mysql    the local MySQL/MariaDB with the seed's settings (database and user
#                                 are created when root access allows), or QWIRE_DB_URL if set
set -euo pipefail
source "$(dirname "$0")/lib.sh"
case "${1:-}" in
  --mysql)
    "$QWIRE_ROOT/scripts/prepare_mysql.sh"
    export QWIRE_DB_URL="${QWIRE_DB_URL:-jdbc:mysql://127.0.0.1:3306/qwire}" ;;
  "") ;;
  *) echo "usage: scripts/run_all.sh [--mysql]" >&2; exit 2 ;;
esac
qwire_start all

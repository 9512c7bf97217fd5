#!/usr/bin/env bash
# Runs the whole platform in one process (mode B): order service on :8080, callback server on :8081.
#   scripts/run_all.sh            embedded H2 under ./data (quick local runs; nothing to install)
#   scripts/run_all.sh --mysql    the local MySQL/MariaDB with the seed's settings (database and user
#                                 are created when root access allows), or QWIRE_DB_URL if set
set -euo pipefail
source "$(dirname "$0")/lib.sh"
usage() {
  cat <<'TXT'
usage: scripts/run_all.sh [--mysql]

Runs the order service and the callback server in one process (mode B).
  (no option)  the embedded H2 database under ./data (QWIRE_DATA_DIR)
  --mysql      the local MySQL/MariaDB: database and user qwire, created when root access allows

Settings (environment variables or .env; every one is listed in .env.example):
  QWIRE_ORDER_PORT=8080        the order service       QWIRE_CALLBACK_PORT=8081   the callback server
  QWIRE_BIND_HOST=0.0.0.0      where both listen
  QWIRE_DB_URL                 any MySQL/MariaDB, e.g. jdbc:mysql://db.example:3306/qwire (default: H2, or the
                               local server with --mysql); QWIRE_DB_USER=qwire, QWIRE_DB_PASSWORD=Qwire2026
  QWIRE_DATA_DIR=data          the embedded database's folder
  QWIRE_LOG_DIR=logs           access.log, service.log, callback-dispatch.log, callback-received.log
  QWIRE_CALLBACK_URL           where callbacks go when an order names none (default: this callback server)
  QWIRE_JAVA_OPTS              JVM options, replacing the bounded defaults
TXT
}
case "${1:-}" in
  -h|--help) usage; exit 0 ;;
  --mysql)
    "$QWIRE_ROOT/scripts/prepare_mysql.sh"
    export QWIRE_DB_URL="${QWIRE_DB_URL:-jdbc:mysql://127.0.0.1:3306/qwire}" ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac
qwire_start all

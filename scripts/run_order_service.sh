#!/usr/bin/env bash
# Runs the order service alone (mode A) on QWIRE_ORDER_PORT (8080). Database: QWIRE_DB_URL, or the
# embedded H2 when unset; --mysql uses the local MySQL/MariaDB with the seed's settings.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = "--mysql" ]; then
  "$QWIRE_ROOT/scripts/prepare_mysql.sh"
  export QWIRE_DB_URL="${QWIRE_DB_URL:-jdbc:mysql://127.0.0.1:3306/qwire}"
fi
qwire_start order

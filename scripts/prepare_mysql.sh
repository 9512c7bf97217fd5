#!/usr/bin/env bash
# Makes sure MySQL/MariaDB is usable by Qwire Mock: waits until the server answers, creates the
# databases (qwire, and qwire_test for the test suite) and the qwire user idempotently when it has
# the rights (root over the unix socket), then proves the qwire user can log in over TCP.
# Fails with a clear message, never silently, when no server is there.
#   --fresh-test-db    also empty qwire_test (the test command: every run starts from a clean schema)
#   --fresh-bench-db   also empty qwire_bench (the benchmarks: their load never lands in qwire)
set -euo pipefail
FRESH=""
case "${1:-}" in
  --fresh-test-db) FRESH=qwire_test ;;
  --fresh-bench-db) FRESH=qwire_bench ;;
esac

DB_HOST="${QWIRE_DB_HOST:-127.0.0.1}"
DB_PORT="${QWIRE_DB_PORT:-3306}"
DB_USER="${QWIRE_DB_USER:-qwire}"
DB_PASSWORD="${QWIRE_DB_PASSWORD:-Qwire2026}"
WAIT_SECONDS="${QWIRE_DB_WAIT_SECONDS:-60}"

client=""
for c in mariadb mysql; do
  if command -v "$c" >/dev/null 2>&1; then client="$c"; break; fi
done
if [ -z "$client" ]; then
  echo "prepare_mysql: neither the 'mariadb' nor the 'mysql' client is installed; install one (apt-get install mariadb-client)." >&2
  exit 1
fi

as_qwire() { "$client" --protocol=TCP -h "$DB_HOST" -P "$DB_PORT" -u "$DB_USER" -p"$DB_PASSWORD" "$@"; }
as_root() { "$client" -u root "$@"; }

echo "prepare_mysql: waiting up to ${WAIT_SECONDS}s for MySQL/MariaDB on ${DB_HOST}:${DB_PORT}…"
deadline=$(( $(date +%s) + WAIT_SECONDS ))
until as_root -e 'SELECT 1' >/dev/null 2>&1 || as_qwire -e 'SELECT 1' >/dev/null 2>&1; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    cat >&2 <<MSG
prepare_mysql: no MySQL/MariaDB server answered on ${DB_HOST}:${DB_PORT} within ${WAIT_SECONDS}s
  (neither as root over the unix socket nor as '${DB_USER}' over TCP).
  Start one, e.g.: start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  or point QWIRE_DB_HOST / QWIRE_DB_PORT / QWIRE_DB_USER / QWIRE_DB_PASSWORD at yours.
MSG
    exit 1
  fi
  sleep 1
done

if as_root -e 'SELECT 1' >/dev/null 2>&1; then
  echo "prepare_mysql: creating databases qwire, qwire_test, qwire_bench and user '${DB_USER}' (idempotent)"
  if [ -n "$FRESH" ]; then
    echo "prepare_mysql: emptying $FRESH for this run"
    as_root -e "DROP DATABASE IF EXISTS $FRESH"
  fi
  as_root <<SQL
CREATE DATABASE IF NOT EXISTS qwire CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS qwire_test CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS qwire_bench CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${DB_USER}'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
CREATE USER IF NOT EXISTS '${DB_USER}'@'127.0.0.1' IDENTIFIED BY '${DB_PASSWORD}';
CREATE USER IF NOT EXISTS '${DB_USER}'@'::1' IDENTIFIED BY '${DB_PASSWORD}';
GRANT ALL PRIVILEGES ON qwire.* TO '${DB_USER}'@'localhost', '${DB_USER}'@'127.0.0.1', '${DB_USER}'@'::1';
GRANT ALL PRIVILEGES ON qwire_test.* TO '${DB_USER}'@'localhost', '${DB_USER}'@'127.0.0.1', '${DB_USER}'@'::1';
GRANT ALL PRIVILEGES ON qwire_bench.* TO '${DB_USER}'@'localhost', '${DB_USER}'@'127.0.0.1', '${DB_USER}'@'::1';
FLUSH PRIVILEGES;
SQL
else
  echo "prepare_mysql: no root access; assuming databases and user '${DB_USER}' were created by your DBA"
fi

if ! as_qwire -e 'SELECT 1' qwire >/dev/null 2>&1; then
  echo "prepare_mysql: user '${DB_USER}' cannot use database 'qwire' on ${DB_HOST}:${DB_PORT}; check QWIRE_DB_USER / QWIRE_DB_PASSWORD and grants." >&2
  exit 1
fi
echo "prepare_mysql: ready ($("$client" --version | head -1 | sed 's/^.*Distrib //; s/,.*//') client, server $(as_qwire -N -e 'SELECT VERSION()'))"

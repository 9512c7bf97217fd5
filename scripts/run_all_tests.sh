#!/usr/bin/env bash
# The one test command (README, CI): prepares MySQL/MariaDB, lints the contracts, then builds and
# runs every test — unit, integration (real MariaDB/MySQL) and contract — then prints a summary and
# writes the test execution report to target/test-report/ (index.html and report.md).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

echo "== 1/4 Database: MySQL/MariaDB for the integration and contract tests"
scripts/prepare_mysql.sh --fresh-test-db

echo "== 2/4 Contracts: lint (Spectral); Prometheus scrape config and alert rules (promtool); the dashboard tests' browser (Chromium)"
scripts/lint_specs.sh
scripts/check_prometheus.sh rules
scripts/ensure_chromium.sh

echo "== 3/4 Build, compatibility gate, unit, integration, contract and browser tests"
rm -rf target/test-report
status=0
mvn -B -ntp verify "$@" || status=$?

# The test execution report (every test's HTTP steps, references, trace ids) and the summary.
python3 scripts/test_report.py "$ROOT" || echo "run_all_tests: could not write the test report" >&2

if [ "$status" -eq 0 ]; then
  echo "== 4/4 Contracts, independently: every operation through Stoplight Prism validating proxies; the scraped metrics (promtool)"
  scripts/prism_check.sh || status=$?
  scripts/check_prometheus.sh metrics || status=$?
fi
if [ "$status" -ne 0 ]; then
  echo "run_all_tests: FAILED (see the Maven output above; reports under */target/*-reports)" >&2
fi
exit "$status"

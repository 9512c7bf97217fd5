#!/usr/bin/env bash
# The one test command (README, CI): prepares MySQL/MariaDB, lints the contracts, then builds and
# runs every test — unit, integration (real MariaDB/MySQL) and contract — and prints a summary.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

echo "== 1/3 Database: MySQL/MariaDB for the integration and contract tests"
scripts/prepare_mysql.sh --fresh-test-db

echo "== 2/3 Contracts: lint (Spectral)"
scripts/lint_specs.sh

echo "== 3/3 Build, compatibility gate, unit, integration and contract tests"
status=0
mvn -B -ntp verify "$@" || status=$?

python3 - "$ROOT" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
root = sys.argv[1]
totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for f in glob.glob(root + "/*/target/*-reports/TEST-*.xml") + glob.glob(root + "/*/*/target/*-reports/TEST-*.xml"):
    s = ET.parse(f).getroot()
    for k in totals:
        totals[k] += int(s.get(k, 0))
failed = totals["failures"] + totals["errors"]
passed = totals["tests"] - failed - totals["skipped"]
print()
print("Test summary (unit + integration + contract):")
print(f"{passed} passed, {failed} failed, {totals['skipped']} skipped")
PY
if [ "$status" -ne 0 ]; then
  echo "run_all_tests: FAILED (see the Maven output above; reports under */target/*-reports)" >&2
fi
exit "$status"

#!/usr/bin/env bash
# Prometheus side of the metrics (issue 11), with Debian's promtool:
#   scripts/check_prometheus.sh rules     the scrape config and the alert rules: check config, check rules, test rules
#   scripts/check_prometheus.sh metrics   what the services exposed in the contract tests (contract-tests/target/metrics/*.prom)
# Installs the `prometheus` package (promtool, and the server PrometheusScrapeIT starts) when it is
# missing and this user may; fails with a clear message otherwise.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

source "$ROOT/scripts/lib.sh"
ensure_prometheus() {
  qwire_apt_ensure check_prometheus prometheus promtool prometheus
}

ensure_prometheus
case "${1:-}" in
  rules)
    promtool check config deploy/prometheus/prometheus.yml
    promtool check rules deploy/prometheus/rules/qwire.rules.yml
    promtool test rules deploy/prometheus/rules/qwire.rules.test.yml
    ;;
  metrics)
    shopt -s nullglob
    files=(contract-tests/target/metrics/*.prom)
    [ "${#files[@]}" -gt 0 ] || { echo "check_prometheus: no scrape under contract-tests/target/metrics/ (MetricsContractIT writes them)" >&2; exit 1; }
    for f in "${files[@]}"; do
      echo "promtool check metrics $f"
      promtool check metrics < "$f"
    done
    ;;
  *)
    echo "usage: scripts/check_prometheus.sh rules|metrics" >&2
    exit 2
    ;;
esac

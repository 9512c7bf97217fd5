#!/usr/bin/env bash
# Prometheus side of the metrics (issue 11), with Debian's promtool:
#   scripts/check_prometheus.sh rules     the scrape config and the alert rules: check config, check rules, test rules
#   scripts/check_prometheus.sh metrics   what the services exposed in the contract tests (contract-tests/target/metrics/*.prom)
# Installs the `prometheus` package (promtool, and the server PrometheusScrapeIT starts) when it is
# missing and this user may; fails with a clear message otherwise.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

ensure_prometheus() {
  if command -v promtool >/dev/null && command -v prometheus >/dev/null; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "check_prometheus: installing Debian's prometheus package (promtool and the server)…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null 2>&1 \
      || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null 2>&1; } \
      || { echo "check_prometheus: apt-get install prometheus failed" >&2; exit 1; }
  else
    echo "check_prometheus: promtool and prometheus are needed: sudo apt-get install prometheus" >&2
    exit 1
  fi
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

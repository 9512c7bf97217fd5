#!/usr/bin/env bash
# Lints both contracts with the pinned Spectral (tools/spec-lint); any error fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TOOLS="$ROOT/tools/spec-lint"
if ! command -v npm >/dev/null 2>&1; then
  echo "lint_specs: Node.js and npm are required to lint the OpenAPI files (apt-get install nodejs npm)." >&2
  exit 1
fi
if [ ! -x "$TOOLS/node_modules/.bin/spectral" ] || [ "$TOOLS/package-lock.json" -nt "$TOOLS/node_modules/.package-lock.json" ]; then
  echo "lint_specs: installing the pinned Spectral CLI…"
  npm ci --prefix "$TOOLS" --no-audit --no-fund --loglevel=error >/dev/null
fi
"$TOOLS/node_modules/.bin/spectral" lint "$ROOT/openapi/order_server.yaml" "$ROOT/openapi/callback_server.yaml" \
  --ruleset "$ROOT/.spectral.yaml" --fail-severity error

#!/usr/bin/env bash
# The browser the dashboard tests (ui-tests) drive: Debian's chromium, headless, at /usr/bin/chromium.
# Installs the package when it is missing and this user may; fails with a clear message otherwise.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
qwire_apt_ensure ensure_chromium chromium chromium
echo "ensure_chromium: $(chromium --version 2>/dev/null || echo 'chromium (version unknown)')"

#!/usr/bin/env bash
# Runs the callback server alone (mode A) on QWIRE_CALLBACK_PORT (8081). It needs no database.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
qwire_start callback

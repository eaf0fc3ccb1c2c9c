#!/usr/bin/env bash
# Install tests/contract/requirements.txt into tests/contract/.venv (or $CONTRACT_VENV), unless it
# already holds exactly those pins. run.sh and client_journey.sh do the same by themselves; .ci/run
# calls this first so the install is its own visible step.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
contract_venv
"$CONTRACT_VENV/bin/python" -m pip list --disable-pip-version-check 2>/dev/null |
  grep -iE '^(schemathesis|openapi-python-client|pytest) ' | sed 's/^/[contract] /' >&2

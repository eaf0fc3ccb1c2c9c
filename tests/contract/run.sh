#!/usr/bin/env bash
# The API contract, fuzzed: Schemathesis runs property-based tests generated from the served
# OpenAPI document (/api/v1/openapi.json) against the real server, signed in with a bearer token,
# and checks every response: no 5xx, only documented status codes, documented content types,
# bodies matching their schemas, documented headers. Exit 1 on any failure.
#
# Two passes, each against its own `eportfolio serve --demo` (free port, fresh data folder) so
# neither sees the other's changes: as the demo centre administrator, then as the demo assessor
# (who reaches the assessment operations). The demo accounts and password are read from what the
# server prints. Builds nothing.
#
#   EPORTFOLIO_BIN=target/debug/eportfolio bash tests/contract/run.sh
#
# Environment (all optional):
#   CONTRACT_SEED=1303           the fixed seed (same seed, same binary: the same cases)
#   CONTRACT_EXAMPLES=12         fuzzing cases per operation and pass (the coverage phase adds its own)
#   CONTRACT_MIN_CASES=1000      fail when fewer cases than this ran in all
#   CONTRACT_PASSES="centre_admin assessor"
#   CONTRACT_REPORT_DIR=DIR      keep Schemathesis' JSON and NDJSON reports (and a summary.json) there
#   CONTRACT_TOP=20              how many operations the summary lists
#   CONTRACT_PASS_TIMEOUT=600    seconds before a pass is stopped (a hung server must not hang CI)
#   CONTRACT_ONLY=REGEX          fuzz only the paths matching REGEX (while working on one area;
#                                CI leaves it unset; the minimum case count is then not checked)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SEED="${CONTRACT_SEED:-1303}"
EXAMPLES="${CONTRACT_EXAMPLES:-12}"
MIN_CASES="${CONTRACT_MIN_CASES:-1000}"
PASSES="${CONTRACT_PASSES:-centre_admin assessor}"
REPORT_DIR="${CONTRACT_REPORT_DIR:-$CONTRACT_TMP/reports}"
PASS_TIMEOUT="${CONTRACT_PASS_TIMEOUT:-600}"

# Every check about what the server answers. (Not the ones about what it should refuse or
# authorise: negative_data_rejection, positive_data_acceptance, ignored_auth and the like judge
# validation strictness, not the document, and belong to other tests.)
CHECKS=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance

# Operations never fuzzed: they would end the session the run is signed in with.
#   DELETE /api/v1/sessions/current                                signs the token out
#   DELETE /api/v1/centres/{centre_id}/users/{user_id}/roles/{role} removing the signed-in
#          person's role ends their sessions (the fuzzer is offered the real user and centre ids)
# Request bodies that are not JSON (text/csv for the registration import, multipart for files)
# are fuzzed: Schemathesis sends text/* as text and builds multipart itself, and file downloads
# (CSV, PDF, ZIP) are checked against the content types the document declares.
EXCLUDE=(
  --exclude-path /api/v1/sessions/current
  --exclude-path '/api/v1/centres/{centre_id}/users/{user_id}/roles/{role}'
)
if [[ -n "${CONTRACT_ONLY:-}" ]]; then
  EXCLUDE+=(--include-path-regex "$CONTRACT_ONLY")
  MIN_CASES=0
fi

contract_venv
mkdir -p "$REPORT_DIR"
ST_VERSION="$(PY -c 'import importlib.metadata as m; print(m.version("schemathesis"))')"
log "Schemathesis $ST_VERSION, seed $SEED, $EXAMPLES fuzzing cases per operation, passes: $PASSES"

started=$SECONDS
pass_dirs=()
for pass in $PASSES; do
  pass_started=$SECONDS
  start_server "$pass"
  eval "$(python3 "$CONTRACT_DIR/contract.py" demo-accounts "$SERVER_DIR/stdout.log")"
  case "$pass" in
    centre_admin) email="$DEMO_CENTRE_ADMIN_EMAIL" ;;
    assessor) email="$DEMO_ASSESSOR_EMAIL" ;;
    tutor) email="$DEMO_TUTOR_EMAIL" ;;
    iqa) email="$DEMO_IQA_EMAIL" ;;
    admin) email="$DEMO_ADMIN_EMAIL" ;;
    *) die "unknown pass $pass (centre_admin, assessor, tutor, iqa, admin)" ;;
  esac
  token="$(CONTRACT_PASSWORD="$DEMO_PASSWORD" python3 "$CONTRACT_DIR/contract.py" sign-in \
    --save "$SERVER_DIR/session.json" "$SERVER_URL" "$email")"
  log "pass $pass: signed in as $email"
  dir="$REPORT_DIR/$pass"
  rm -rf "$dir" && mkdir -p "$dir"
  echo "$pass ($email)" >"$dir/label"
  # The token goes in the config file (not on the command line, where `ps` would show it).
  CONTRACT_TOKEN="$token" python3 "$CONTRACT_DIR/contract.py" st-config \
    --session "$SERVER_DIR/session.json" "$SERVER_URL" "$SERVER_DIR/schemathesis.toml"
  curl -fsS "$SERVER_URL/api/v1/openapi.json" -o "$dir/openapi.json"
  run_child timeout --kill-after=10 "$PASS_TIMEOUT" \
    "$CONTRACT_VENV/bin/schemathesis" --config-file "$SERVER_DIR/schemathesis.toml" run \
    "$SERVER_URL/api/v1/openapi.json" \
    --checks "$CHECKS" \
    "${EXCLUDE[@]}" \
    --seed "$SEED" \
    --max-examples "$EXAMPLES" \
    --workers 1 \
    --continue-on-failure \
    --request-timeout 30 \
    --generation-database none \
    --no-color \
    --report json,ndjson \
    --report-dir "$dir" \
    --report-json-path "$dir/report.json" \
    --report-ndjson-path "$dir/events.ndjson" \
    >"$dir/schemathesis.log" 2>&1
  rc=$CHILD_RC
  echo "$rc" >"$dir/exit-code"
  cp "$SERVER_DIR/server.log" "$dir/server.log" 2>/dev/null || true
  stop_server "$SERVER_PID"
  log "pass $pass: Schemathesis exit code $rc in $((SECONDS - pass_started)) s (full output: $dir/schemathesis.log)"
  if ((rc == 124 || rc == 137)); then
    log "pass $pass: stopped after $PASS_TIMEOUT s"
  fi
  # Anything the server logged at error level, for a failing not_a_server_error (less actix's
  # own notes on malformed requests the fuzzer sent, which it answers 400 by itself).
  if grep 'ERROR' "$dir/server.log" 2>/dev/null | grep -v 'request parse error' >"$dir/server-errors.log"; then
    log "pass $pass: the server logged errors (first 10; all in $dir/server-errors.log):"
    head -n 10 "$dir/server-errors.log" >&2
  fi
  pass_dirs+=("$dir")
done

set +e
python3 "$CONTRACT_DIR/contract.py" summary "${pass_dirs[@]}" \
  --min-cases "$MIN_CASES" --top "${CONTRACT_TOP:-20}" --json-out "$REPORT_DIR/summary.json"
result=$?
set -e
log "done in $((SECONDS - started)) s; reports in $REPORT_DIR$([[ -n "${CONTRACT_REPORT_DIR:-}" || "${CONTRACT_KEEP:-0}" == 1 ]] || echo ' (removed at exit: set CONTRACT_REPORT_DIR or CONTRACT_KEEP=1 to keep them)')"
exit "$result"

#!/usr/bin/env bash
# The Unit 002 journey through a client generated from the served OpenAPI document: starts
# `eportfolio serve --demo` (free port, fresh data folder), fetches /api/v1/openapi.json,
# generates a Python client from it with openapi-python-client into a temporary folder, and runs
# test_client_journey.py with pytest, which drives the journey with the generated functions and
# models only. Exit 1 when the journey fails or the document lacks what it needs (each gap named).
#
#   EPORTFOLIO_BIN=target/debug/eportfolio bash tests/contract/client_journey.sh [PYTEST ARGS...]
#
# CONTRACT_EXTERNAL_URL (with CONTRACT_EXTERNAL_GUIDE and CONTRACT_EXTERNAL_OUTBOX) runs the
# journey against a deployment already running instead (tests/multinode/run.sh).
#
# CONTRACT_LOOSEN=1 (a development aid, refused when CI is set) generates the client from a
# loosened copy of the document instead (any JSON object in and out, every status listed), to try
# the journey's own logic before the real document is complete.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

contract_venv
started=$SECONDS
if [[ -n "${CONTRACT_EXTERNAL_URL:-}" ]]; then
  # A deployment started elsewhere (tests/multinode/run.sh: nodes behind a load balancer): its
  # address, the demo guide its first node printed, and the outbox its nodes share.
  SERVER_URL="$CONTRACT_EXTERNAL_URL"
  guide="${CONTRACT_EXTERNAL_GUIDE:?the demo guide the first node printed}"
  outbox="${CONTRACT_EXTERNAL_OUTBOX:?the outbox folder the nodes share}"
else
  start_server journey
  guide="$SERVER_DIR/stdout.log"
  outbox="$SERVER_DIR/data/outbox"
fi
eval "$(python3 "$CONTRACT_DIR/contract.py" demo-accounts "$guide")"

document="$CONTRACT_TMP/openapi.json"
curl -fsS "$SERVER_URL/api/v1/openapi.json" -o "$document"
if [[ "${CONTRACT_LOOSEN:-0}" == 1 ]]; then
  [[ -z "${CI:-}" ]] || die "CONTRACT_LOOSEN is for trying the journey by hand, never in CI"
  log "LOOSENED: generating the client from a loosened copy of the document, not the served one"
  python3 "$CONTRACT_DIR/contract.py" loosen "$document" "$CONTRACT_TMP/openapi-loosened.json"
  document="$CONTRACT_TMP/openapi-loosened.json"
fi

client_dir="$CONTRACT_TMP/client"
mkdir -p "$client_dir"
# Downloads (PDF, ZIP, evidence files) are bytes to the client: openapi-python-client reads
# application/octet-stream as bytes and leaves out a response of a media type it does not know.
binary_types=$(python3 - "$document" <<'EOF'
import json, sys
document = json.load(open(sys.argv[1]))
binary = {
    media_type
    for methods in document["paths"].values()
    for operation in methods.values()
    for response in operation.get("responses", {}).values()
    for media_type, content in response.get("content", {}).items()
    if content.get("schema", {}).get("format") == "binary" and not media_type.startswith("text/")
}
for media_type in sorted(binary):
    print(f"  {media_type}: application/octet-stream")
EOF
)
{
  echo "project_name_override: eportfolio-client"
  echo "package_name_override: eportfolio_client"
  [[ -z "$binary_types" ]] || printf 'content_type_overrides:\n%s\n' "$binary_types"
} >"$CONTRACT_TMP/generator.yaml"
log "generating the client (openapi-python-client $(PY -c 'import importlib.metadata as m; print(m.version("openapi-python-client"))')) into $client_dir"
# The venv's bin on PATH: the generator formats its output with the ruff it installed.
PATH="$CONTRACT_VENV/bin:$PATH" "$CONTRACT_VENV/bin/openapi-python-client" generate \
  --path "$document" --config "$CONTRACT_TMP/generator.yaml" --meta none \
  --output-path "$client_dir/eportfolio_client" --overwrite 2>&1 | sed 's/^/  [generator] /' >&2
[[ -f "$client_dir/eportfolio_client/__init__.py" ]] || die "openapi-python-client generated no client"
log "generated $(find "$client_dir/eportfolio_client/api" -name '*.py' ! -name '__init__.py' | wc -l) operations and $(find "$client_dir/eportfolio_client/models" -name '*.py' ! -name '__init__.py' | wc -l) models"

export PYTHONPATH="$client_dir${PYTHONPATH:+:$PYTHONPATH}" \
  CONTRACT_BASE_URL="$SERVER_URL" \
  CONTRACT_OPENAPI="$document" \
  CONTRACT_CLIENT_PACKAGE=eportfolio_client \
  CONTRACT_PASSWORD="$DEMO_PASSWORD" \
  CONTRACT_ADMIN_EMAIL="$DEMO_ADMIN_EMAIL" \
  CONTRACT_CENTRE_ADMIN_EMAIL="$DEMO_CENTRE_ADMIN_EMAIL" \
  CONTRACT_ASSESSOR_EMAIL="$DEMO_ASSESSOR_EMAIL" \
  CONTRACT_OUTBOX="$outbox"
run_child "$CONTRACT_VENV/bin/python" -m pytest "$CONTRACT_DIR/test_client_journey.py" \
  -p no:cacheprovider -o console_output_style=classic -rA --tb=short "$@"
result=$CHILD_RC
log "done in $((SECONDS - started)) s"
exit "$result"

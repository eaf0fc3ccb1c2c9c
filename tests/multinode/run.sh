#!/usr/bin/env bash
# Issue 18: several nodes for real. Three `eportfolio serve` nodes on one fresh PostgreSQL
# database and one S3-compatible object store (moto's server mode), behind HAProxy (round robin,
# health-checked on /readyz). The Unit 002 journey of tests/contract (sign in, plan, upload a file
# and read it back, observe, witness, judge, sign off, countersign, download the portfolio ZIP)
# runs through the balancer, so its requests land on every node; a few seconds in, one node is
# stopped (SIGTERM) and the journey carries on through the others. Then: every node served part of
# the journey, the stopped node stopped within its grace period, and nothing was lost (the evidence
# file and the whole record read back through the remaining nodes).
#
#   EPORTFOLIO_BIN=target/debug/eportfolio bash tests/multinode/run.sh
#
# Needs: PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres),
# HAProxy (Debian's haproxy), moto[server] and psql; .ci/run installs them.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$HERE/../.." && pwd)"
BIN="${EPORTFOLIO_BIN:-${CARGO_TARGET_DIR:-$REPO_DIR/target}/debug/eportfolio}"
PG_SERVER="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/eportfolio-multinode.XXXXXX")"
DB="eportfolio_multinode_$$_$RANDOM"
PIDS=()

log() { printf '[multinode] %s\n' "$*" >&2; }
die() { printf '[multinode] error: %s\n' "$*" >&2; exit 1; }
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  psql -q "$PG_SERVER" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  if [[ "${MULTINODE_KEEP:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

[[ -x "$BIN" ]] || die "no server binary at $BIN: run \`cargo build\` or set EPORTFOLIO_BIN"
command -v haproxy >/dev/null || die "needs HAProxy: apt-get install haproxy"
command -v psql >/dev/null || die "needs psql (postgresql-client)"
python3 -c 'import moto.server' 2>/dev/null || die "needs moto's server: python3 -m pip install 'moto[server]'"

# The object store: moto, one bucket.
moto_port="$(free_port)"
python3 -m moto.server -H 127.0.0.1 -p "$moto_port" >"$WORK/moto.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 300); do curl -fsS -o /dev/null "http://127.0.0.1:$moto_port/" 2>/dev/null && break; sleep 0.1; done
curl -fsS -X PUT "http://127.0.0.1:$moto_port/college-evidence" -o /dev/null || die "moto did not create the bucket"
export AWS_ENDPOINT="http://127.0.0.1:$moto_port" AWS_ALLOW_HTTP=true AWS_REGION=eu-west-2 \
  AWS_ACCESS_KEY_ID=multinode AWS_SECRET_ACCESS_KEY=multinode

# The database: fresh, on the PostgreSQL server.
psql -q "$PG_SERVER" -c "CREATE DATABASE $DB" >/dev/null
DB_URL="${PG_SERVER%/*}/$DB"

lb_port="$(free_port)"
LB="http://127.0.0.1:$lb_port"
mkdir -p "$WORK/shared"
# Every node gets the same keys, public address, database and file store; they share one data
# folder only for the mail outbox (the journey reads its emails there).
node_args=(
  serve --database-url "$DB_URL" --file-store "s3://college-evidence/files"
  --jwt-key "multinode: the signing key every node shares, 32+ chars"
  --key-encryption-key "multinode: the key-encryption key every node shares"
  --public-url "$LB" --data-dir "$WORK/shared" --trusted-proxy 127.0.0.1
  --drain-seconds 2 --platform-admins-without-two-step
)
ports=()
start_node() { # start_node N [--demo]
  local n="$1" port
  port="$(free_port)"
  ports[n]="$port"
  env -u DATABASE_URL -u EPORTFOLIO_FILE_STORE RUST_LOG=info EPORTFOLIO_LOG_FORMAT=json \
    "$BIN" "${node_args[@]}" --bind "127.0.0.1:$port" "${@:2}" \
    >"$WORK/node$n.out" 2>"$WORK/node$n.log" </dev/null &
  NODE_PID[n]=$!
  PIDS+=("$!")
}
wait_ready() { # wait_ready N
  local n="$1"
  for _ in $(seq 1 600); do
    curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:${ports[n]}/readyz" 2>/dev/null && return 0
    kill -0 "${NODE_PID[n]}" 2>/dev/null || { tail -20 "$WORK/node$n.log" >&2; die "node $n exited"; }
    sleep 0.1
  done
  die "node $n did not become ready"
}
declare -a NODE_PID
# api_requests N [METHOD PATH-REGEX STATUS]: how many API requests node N answered (that match).
api_requests() {
  python3 - "$WORK/node$1.log" "${2:-}" "${3:-^/api/v1/}" "${4:-}" <<'PY'
import json, re, sys
log, method, path, status = sys.argv[1:5]
count = 0
for line in open(log, errors="replace"):
    try:
        fields = json.loads(line).get("fields", {})
    except ValueError:
        continue
    if not re.search(path, str(fields.get("http.path", ""))):
        continue
    if method and fields.get("http.method") != method:
        continue
    if status and str(fields.get("http.status")) != status:
        continue
    count += 1
print(count)
PY
}
# Node 1 seeds the demo centre; nodes 2 and 3 start together once it has.
start_node 1 --demo
wait_ready 1
for _ in $(seq 1 300); do grep -q password "$WORK/node1.out" && break; sleep 0.1; done
start_node 2
start_node 3
wait_ready 2
wait_ready 3
log "three nodes ready on ports ${ports[1]}, ${ports[2]}, ${ports[3]}"

cat >"$WORK/haproxy.cfg" <<EOF
global
  maxconn 256
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  retries 3
  option redispatch
  option http-server-close
frontend college
  bind 127.0.0.1:$lb_port
  default_backend nodes
backend nodes
  balance roundrobin
  option httpchk GET /readyz
  default-server inter 300ms fall 1 rise 2
  server node1 127.0.0.1:${ports[1]} check
  server node2 127.0.0.1:${ports[2]} check
  server node3 127.0.0.1:${ports[3]} check
EOF
haproxy -f "$WORK/haproxy.cfg" -db >"$WORK/haproxy.log" 2>&1 &
PIDS+=("$!")
for _ in $(seq 1 100); do curl -fsS -o /dev/null "$LB/readyz" 2>/dev/null && break; sleep 0.1; done
log "HAProxy on $LB"

# The journey through the balancer, with node 2 stopped a few seconds in.
CONTRACT_EXTERNAL_URL="$LB" CONTRACT_EXTERNAL_GUIDE="$WORK/node1.out" \
  CONTRACT_EXTERNAL_OUTBOX="$WORK/shared/outbox" EPORTFOLIO_BIN="$BIN" \
  bash "$REPO_DIR/tests/contract/client_journey.sh" &
journey=$!
# Node 2 is stopped once the journey is well under way (about a third of its requests made).
for _ in $(seq 1 1200); do
  kill -0 "$journey" 2>/dev/null || break
  made=$(($(api_requests 1) + $(api_requests 2) + $(api_requests 3)))
  ((made >= ${MULTINODE_STOP_AT:-20})) && break
  sleep 0.1
done
requests_before_stop="$(api_requests 2)"
log "stopping node 2 (SIGTERM) after it served $requests_before_stop API requests"
stopping_at=$SECONDS
kill -TERM "${NODE_PID[2]}"
wait "${NODE_PID[2]}" && node2_exit=0 || node2_exit=$?
stopped_in=$((SECONDS - stopping_at))
node2_after="$(api_requests 2)"
journey_exit=0
wait "$journey" || journey_exit=$?

failed=0
check() { # check CONDITION-RESULT MESSAGE
  if [[ "$1" == 0 ]]; then log "ok: $2"; else log "FAILED: $2"; failed=1; fi
}
check "$journey_exit" "the Unit 002 journey passed through the balancer with a node stopped mid-run"
[[ "$node2_exit" == 0 ]]; check $? "node 2 stopped cleanly on SIGTERM (exit $node2_exit)"
((stopped_in <= 35)); check $? "node 2 stopped within its grace period (${stopped_in} s)"
for n in 1 2 3; do
  served="$(api_requests "$n")"
  ((served > 0)); check $? "node $n served part of the journey ($served API requests)"
done
((node2_after == requests_before_stop || node2_after <= requests_before_stop + 3))
check $? "node 2 took no new work once stopping (at most the requests already in flight)"
# The file uploaded through one node was read back through another.
stored_on="" read_on=""
for n in 1 2 3; do
  (($(api_requests "$n" POST '^/api/v1/evidence/[^/]+/files$' 201) > 0)) && stored_on+="$n"
  (($(api_requests "$n" GET '^/api/v1/evidence/[^/]+/files/[^/]+$' 200) > 0)) && read_on+="$n"
done
[[ -n "$stored_on" && -n "$read_on" && "$stored_on" != "$read_on" ]]
check $? "a file stored through node $stored_on was read back through node $read_on"
((requests_before_stop > 0)); check $? "node 2 had served requests before it was stopped"
# Every file the journey stored is in the object store, nothing outside it on the nodes' disk.
objects="$(curl -fsS "http://127.0.0.1:$moto_port/college-evidence?list-type=2&prefix=files/" | grep -o '<Key>' | wc -l)"
((objects >= 1)); check $? "the evidence is in the object store ($objects objects)"
[[ ! -d "$WORK/shared/files/objects" || -z "$(find "$WORK/shared/files/objects" -type f)" ]]
check $? "no evidence file was kept on a node's own disk"
if ((failed)); then
  for n in 1 2 3; do log "node $n log (last lines):"; tail -15 "$WORK/node$n.log" >&2; done
  exit 1
fi
log "passed"

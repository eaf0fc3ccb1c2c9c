# Shared by run.sh and client_journey.sh (sourced, not run): the Python venv, and starting and
# stopping `eportfolio serve --demo` on a free port with a fresh data folder.
#
# Environment:
#   EPORTFOLIO_BIN   the server binary (default: target/debug/eportfolio of this checkout)
#   CONTRACT_VENV    the venv with requirements.txt installed (default: tests/contract/.venv)
#   CONTRACT_KEEP=1  keep the temporary folder (server logs, data, reports) and print where it is

CONTRACT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$CONTRACT_DIR/../.." && pwd)"
EPORTFOLIO_BIN="${EPORTFOLIO_BIN:-${CARGO_TARGET_DIR:-$REPO_DIR/target}/debug/eportfolio}"
CONTRACT_VENV="${CONTRACT_VENV:-$CONTRACT_DIR/.venv}"
CONTRACT_TMP="$(mktemp -d "${TMPDIR:-/tmp}/eportfolio-contract.XXXXXX")"
# Hypothesis (under Schemathesis and pytest) keeps its files here, not in the working tree.
export HYPOTHESIS_STORAGE_DIRECTORY="$CONTRACT_TMP/hypothesis"

SERVER_PIDS=()
CHILD_PIDS=()

log() { printf '[contract] %s\n' "$*" >&2; }
die() { printf '[contract] error: %s\n' "$*" >&2; exit 1; }

# Create the venv and install requirements.txt into it, unless it already holds exactly that
# file's pins (a stamp records the file's SHA-256).
contract_venv() {
  local stamp="$CONTRACT_VENV/.requirements.sha256"
  local want
  want="$(sha256sum "$CONTRACT_DIR/requirements.txt" | cut -d' ' -f1)"
  if [[ -x "$CONTRACT_VENV/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return 0
  fi
  log "installing tests/contract/requirements.txt into $CONTRACT_VENV"
  python3 -m venv "$CONTRACT_VENV"
  "$CONTRACT_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -r "$CONTRACT_DIR/requirements.txt"
  echo "$want" >"$stamp"
}

PY() { "$CONTRACT_VENV/bin/python" "$@"; }

# run_child CMD...: run CMD in the background and wait for it, so that a signal to this script is
# handled at once (bash runs traps only between foreground commands) and the cleanup stops it.
# Its exit code is left in CHILD_RC; never fails by itself.
run_child() {
  "$@" &
  local pid=$!
  CHILD_PIDS+=("$pid")
  CHILD_RC=0
  wait "$pid" || CHILD_RC=$?
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_server NAME: serve --demo in $CONTRACT_TMP/NAME; sets SERVER_URL, SERVER_DIR, SERVER_PID.
# The guide the demo prints (accounts, password) is in $SERVER_DIR/stdout.log.
start_server() {
  local name="$1" attempt port
  [[ -x "$EPORTFOLIO_BIN" ]] || die "no server binary at $EPORTFOLIO_BIN: run \`cargo build\` or set EPORTFOLIO_BIN"
  for attempt in 1 2 3; do
    port="$(free_port)"
    SERVER_DIR="$CONTRACT_TMP/$name"
    rm -rf "$SERVER_DIR" && mkdir -p "$SERVER_DIR/data"
    SERVER_URL="http://127.0.0.1:$port"
    # Nothing from our environment may point the server elsewhere (its settings, a database, an
    # SMTP server): SQLite in the fresh data folder, mail to its outbox.
    env $(env | sed -n 's/^\(EPORTFOLIO_[A-Za-z0-9_]*\)=.*/-u \1/p') -u DATABASE_URL -u SMTP_URL \
      RUST_LOG="${CONTRACT_RUST_LOG:-warn}" \
      "$EPORTFOLIO_BIN" serve --demo --bind "127.0.0.1:$port" --data-dir "$SERVER_DIR/data" \
      >"$SERVER_DIR/stdout.log" 2>"$SERVER_DIR/server.log" </dev/null &
    SERVER_PID=$!
    SERVER_PIDS+=("$SERVER_PID")
    local waited=0
    while ((waited < 600)); do # 60 s in steps of 0.1 s
      if ! kill -0 "$SERVER_PID" 2>/dev/null; then break; fi
      if curl -fsS -o /dev/null --max-time 2 "$SERVER_URL/readyz" 2>/dev/null &&
        grep -q 'password' "$SERVER_DIR/stdout.log"; then
        log "server $name ready at $SERVER_URL (pid $SERVER_PID, data in $SERVER_DIR/data)"
        return 0
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
    stop_server "$SERVER_PID"
    if grep -qi 'in use' "$SERVER_DIR/server.log" "$SERVER_DIR/stdout.log"; then
      log "port $port was taken; trying another"
      continue
    fi
    break
  done
  tail -n 40 "$SERVER_DIR/stdout.log" "$SERVER_DIR/server.log" >&2 || true
  die "server $name did not become ready at $SERVER_URL/readyz"
}

# stop_server PID: SIGTERM (graceful), then SIGKILL after 10 s.
stop_server() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "server pid $pid did not stop in 10 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

contract_cleanup() {
  local pid
  for pid in "${CHILD_PIDS[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  for pid in "${SERVER_PIDS[@]}"; do stop_server "$pid"; done
  if [[ "${CONTRACT_KEEP:-0}" == 1 ]]; then
    log "kept $CONTRACT_TMP (server logs, data, reports)"
  else
    rm -rf "$CONTRACT_TMP"
  fi
}
trap contract_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

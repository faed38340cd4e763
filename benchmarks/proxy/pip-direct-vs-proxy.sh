#!/usr/bin/env bash
# pip install of the stand-in CPU set straight from a slow, lossy upstream vs through the package proxy (cold
# store, then warm store). Prints wall time, bytes the upstream sent, and the outcome of each. Run from the
# repository root:
#
#   benchmarks/proxy/pip-direct-vs-proxy.sh [SCALE] [THROTTLE] [DROP] [SEED]
#
#   SCALE     wheel size = real size x SCALE (default 0.01)
#   THROTTLE  per-connection bandwidth of the upstream (default 600KB)
#   DROP      fraction of file downloads the upstream cuts off half-way (default 0.3)
#   SEED      seed of the upstream's drop decisions (default 1)
#
# The upstream is the build's Mirror target (--throttle, --drop); the proxy is the build's Proxy target pointed
# at it with --index-url/--cpu-index-url and a scratch --package-cache. Each pip run has no pip cache.
set -euo pipefail

SCALE="${1:-0.01}"
THROTTLE="${2:-600KB}"
DROP="${3:-0.3}"
SEED="${4:-1}"
HERE="benchmarks/proxy"
REQUIREMENTS=(torch==2.5.1+cpu sentence-transformers fastapi uvicorn httpx)
while read -r var; do unset "$var"; done < <(compgen -e | grep '^PIP_' || true)
export PIP_CONFIG_FILE=/dev/null
[[ -f Pipeline.sln && -d "$HERE" ]] || { echo "run from the repository root" >&2; exit 2; }

WORK="$(mktemp -d -t pip-direct-vs-proxy.XXXXXX)"
PIDS=()
cleanup() {
  # SIGTERM ends a foreground target as Ctrl+C does (a background job of a script ignores SIGINT).
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# wait_for URL PID LOG
wait_for() {
  for _ in $(seq 1 1800); do
    curl -sf -o /dev/null "$1" && return 0
    kill -0 "$2" 2>/dev/null || { cat "$3" >&2; exit 1; }
    sleep 0.1
  done
  echo "$1 did not answer" >&2; cat "$3" >&2; exit 1
}

UP_PORT="$(free_port)"
mkdir -p "$WORK/upstream/.nuke" "$WORK/proxy/.nuke"
echo "== upstream: stand-in index, scale $SCALE, throttle $THROTTLE per connection, drop $DROP (seed $SEED)"
./build.sh Mirror --root "$WORK/upstream" --index-port "$UP_PORT" --wheel-scale "$SCALE" --throttle "$THROTTLE" \
  --drop "$DROP" --fault-seed "$SEED" --no-logo >"$WORK/upstream.out" 2>&1 &
PIDS+=($!)
UPSTREAM="http://127.0.0.1:$UP_PORT"
wait_for "$UPSTREAM/pypi/simple/" "${PIDS[0]}" "$WORK/upstream.out"
UP_LOG="$WORK/upstream/.nuke/temp/index-access.log"

PROXY_PORT="$(free_port)"
./build.sh Proxy --root "$WORK/proxy" --index-port "$PROXY_PORT" --index-url "$UPSTREAM/pypi/simple/" \
  --cpu-index-url "$UPSTREAM/cpu/simple/" --package-cache "$WORK/store" --no-logo >"$WORK/proxy.out" 2>&1 &
PIDS+=($!)
PROXY="http://127.0.0.1:$PROXY_PORT"
wait_for "$PROXY/" "${PIDS[1]}" "$WORK/proxy.out"
echo "   upstream $UPSTREAM, proxy $PROXY (store $WORK/store)"

sent_bytes() { awk '{ s += $7 } END { printf "%d", s }' "$UP_LOG" 2>/dev/null || echo 0; }

# run LABEL PIP-INDEX-ARGS...: one fresh pip install, no pip cache, into its own target folder.
run() {
  local label="$1"; shift
  local before after start end outcome
  before="$(sent_bytes)"
  start="$(date +%s.%N)"
  if python3 -m pip install --quiet --no-cache-dir --disable-pip-version-check --root-user-action=ignore \
      "$@" --target "$WORK/target-$label" "${REQUIREMENTS[@]}" 2>"$WORK/pip-$label.err"; then
    outcome="ok ($(find "$WORK/target-$label" -maxdepth 1 -name '*.dist-info' | wc -l) wheels)"
  else
    outcome="FAILED: $(grep -v "^ *$" "$WORK/pip-$label.err" | tail -1 | cut -c1-90)"
  fi
  end="$(date +%s.%N)"
  after="$(sent_bytes)"
  awk -v l="$label" -v b="$((after - before))" -v s="$start" -v e="$end" -v o="$outcome" \
    'BEGIN { printf "%-12s %8.1f s %12d bytes   %s\n", l, e - s, b, o }'
}

echo "== pip $(python3 -m pip --version | awk '{print $2}') install ${REQUIREMENTS[*]}"
printf "%-12s %10s %18s   %s\n" run "wall" "upstream bytes" outcome
run direct --index-url "$UPSTREAM/pypi/simple/" --extra-index-url "$UPSTREAM/cpu/simple/"
run proxy-cold --index-url "$PROXY/routed/simple/"
run proxy-warm --index-url "$PROXY/routed/simple/"
echo "== distinct wheel bytes in the store: $(du -sb "$WORK/store/files" | cut -f1)"

#!/usr/bin/env bash
# pip install of the CUDA torch set vs the CPU torch set from the throttled stand-in index.
# Prints bytes and seconds for both. Run from the repository root:
#
#   benchmarks/index/pip-cuda-vs-cpu.sh [SCALE] [THROTTLE]
#
#   SCALE     wheel size = real size x SCALE (default 0.01: the CUDA set is about 31 MB)
#   THROTTLE  per-connection bandwidth of the index, e.g. 600KB, 1.5MB, none (default 600KB)
#
# Default run: about a minute for CUDA, a few seconds for CPU.
set -euo pipefail

SCALE="${1:-0.01}"
THROTTLE="${2:-600KB}"
HERE="benchmarks/index"
# Only the index under test may supply packages: drop the machine's pip settings (PIP_FIND_LINKS, …).
while read -r var; do unset "$var"; done < <(compgen -e | grep '^PIP_' || true)
export PIP_CONFIG_FILE=/dev/null
[[ -f Pipeline.sln && -d "$HERE" ]] || { echo "run from the repository root" >&2; exit 2; }

WORK="$(mktemp -d -t pip-cuda-vs-cpu.XXXXXX)"
SERVER_PID=""
cleanup() {
  # SIGTERM ends the Mirror target as Ctrl+C does (a background job of a script ignores SIGINT).
  if [[ -n "$SERVER_PID" ]]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The index is the build's own Mirror target, run in the foreground in a scratch build root.
mkdir -p "$WORK/.nuke"
PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
THROTTLE_ARGS=()
[[ "$THROTTLE" == none ]] || THROTTLE_ARGS=(--throttle "$THROTTLE")
echo "== building the wheelhouse (scale $SCALE) and starting the index (throttle $THROTTLE)"
./build.sh Mirror --root "$WORK" --index-port "$PORT" --wheel-scale "$SCALE" "${THROTTLE_ARGS[@]}" --no-logo >"$WORK/server.out" 2>&1 &
SERVER_PID=$!
BASE_URL="http://127.0.0.1:$PORT/"
for _ in $(seq 1 1200); do   # building the wheelhouse takes a while the first time
  curl -sf -o /dev/null "${BASE_URL}pypi/simple/" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.out" >&2; exit 1; }
  sleep 0.1
done
curl -sf -o /dev/null "${BASE_URL}pypi/simple/" || { echo "index did not start" >&2; cat "$WORK/server.out" >&2; exit 1; }
echo "   index at $BASE_URL"
ACCESS_LOG="$WORK/.nuke/temp/index-access.log"

sent_bytes() { awk '{ s += $7 } END { printf "%d", s }' "$ACCESS_LOG" 2>/dev/null || echo 0; }

# run LABEL INDEX REQUIREMENT: one fresh pip install, no cache, into its own target folder.
run() {
  local label="$1" index="$2" requirement="$3"
  local before after start end
  before="$(sent_bytes)"
  start="$(date +%s.%N)"
  # pip's notes about the host's own site-packages are noise here: keep them unless the install fails.
  python3 -m pip install --quiet --no-cache-dir --disable-pip-version-check \
    --root-user-action=ignore --index-url "${BASE_URL}${index}/simple/" --target "$WORK/target-$label" \
    "$requirement" 2>"$WORK/pip-$label.err" || { cat "$WORK/pip-$label.err" >&2; exit 1; }
  end="$(date +%s.%N)"
  after="$(sent_bytes)"
  local wheels
  wheels="$(find "$WORK/target-$label" -maxdepth 1 -name '*.dist-info' | wc -l)"
  awk -v l="$label" -v b="$((after - before))" -v s="$start" -v e="$end" -v w="$wheels" \
    'BEGIN { t = e - s; printf "%-5s %4d wheels %12d bytes %8.1f s %10.0f KB/s\n", l, w, b, t, (t > 0 ? b / t / 1000 : 0) }'
}

echo "== pip install (pip $(python3 -m pip --version | awk '{print $2}'), throttle $THROTTLE, scale $SCALE)"
run cuda pypi "torch==2.5.1"
run cpu  cpu  "torch==2.5.1+cpu"

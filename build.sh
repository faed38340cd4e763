#!/usr/bin/env bash
# Bootstraps and runs the Pipeline build: ./build.sh [targets] [--parameters]   (./build.sh --help)
# Structure: find_sdk → check_prerequisites → compile_build_project (only when sources changed) → run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_PROJECT="$ROOT/build/_build.csproj"
BUILD_DLL="$ROOT/build/bin/Debug/net10.0/_build.dll"
TEMP_DIR="$ROOT/.nuke/temp"
STAMP="$TEMP_DIR/build-project.stamp"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1

fail() { echo "build.sh: $*" >&2; exit 1; }

# An SDK that satisfies global.json (version + rollForward): the one on PATH, else one under .nuke/temp, else install it there.
find_sdk() {
  local candidate cache="$TEMP_DIR/dotnet-path"
  # Checking an SDK against global.json costs a dotnet start: remember the answer until global.json changes.
  if [[ -f "$cache" && "$cache" -nt "$ROOT/global.json" ]] && DOTNET="$(cat "$cache")" && [[ -x "$DOTNET" ]]; then
    return
  fi
  for candidate in "$(command -v dotnet || true)" "$TEMP_DIR/dotnet/dotnet"; do
    if [[ -n "$candidate" && -x "$candidate" ]] && (cd "$ROOT" && "$candidate" --version >/dev/null 2>&1); then
      DOTNET="$candidate"; mkdir -p "$TEMP_DIR"; echo "$DOTNET" > "$cache"; return
    fi
  done
  local version
  version="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$ROOT/global.json" | head -n1)"
  echo "build.sh: no .NET SDK matching global.json ($version); installing into .nuke/temp/dotnet" >&2
  mkdir -p "$TEMP_DIR"
  curl -fsSL --retry 3 https://dot.net/v1/dotnet-install.sh -o "$TEMP_DIR/dotnet-install.sh" \
    || fail "cannot download dotnet-install.sh; install a .NET SDK $version (see global.json) and retry"
  bash "$TEMP_DIR/dotnet-install.sh" --version "$version" --install-dir "$TEMP_DIR/dotnet" --no-path >&2 \
    || fail "installing the .NET SDK $version failed"
  DOTNET="$TEMP_DIR/dotnet/dotnet"
  echo "$DOTNET" > "$cache"
}

# Hooks for targets' prerequisites (container engine etc.) live in build/prerequisites.sh so this file stays small.
check_prerequisites() {
  if [[ -f "$ROOT/build/prerequisites.sh" ]]; then
    # shellcheck source=build/prerequisites.sh
    source "$ROOT/build/prerequisites.sh"
    pipeline_prerequisites "$@"
  fi
}

# The build program's inputs, fingerprinted: every file's path, size and modification time under build/ and src/
# (bin/ and obj/ aside), global.json and Directory.*.props. Unlike "newer than the last compile", this also sees a
# deleted or renamed file. build.ps1 computes the same text, so the two scripts share one stamp.
input_fingerprint() {
  (cd "$ROOT" && find build src global.json Directory.*.props \( -name bin -o -name obj \) -prune -o -type f \
      -printf '%p\t%s\t%T@\n' 2>/dev/null) \
    | sed -E 's/(\.[0-9]{7})[0-9]*$/\1/' | LC_ALL=C sort | sha256sum | cut -d' ' -f1
}

# Recompiles build/_build.csproj only when its inputs' fingerprint differs from the last successful compile's.
compile_build_project() {
  local fingerprint
  fingerprint="$(input_fingerprint)"
  if [[ -f "$BUILD_DLL" && -f "$STAMP" && "$(cat "$STAMP")" == "$fingerprint" ]]; then
    return
  fi
  mkdir -p "$TEMP_DIR"
  if ! "$DOTNET" build "$BUILD_PROJECT" --nologo --verbosity quiet -clp:NoSummary > "$TEMP_DIR/build-project.log" 2>&1; then
    grep -E "error|Error" "$TEMP_DIR/build-project.log" | sort -u | head -n 20 >&2 || true
    fail "compiling build/_build.csproj failed (full output: .nuke/temp/build-project.log)"
  fi
  echo "$fingerprint" > "$STAMP"
}

find_sdk
check_prerequisites "$@"
compile_build_project
cd "$ROOT"
exec "$DOTNET" "$BUILD_DLL" "$@"

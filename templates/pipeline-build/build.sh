#!/usr/bin/env bash
# Bootstraps and runs this repository's Pipeline build: ./build.sh [targets] [--parameters]   (./build.sh --help)
# Structure: find_sdk → check_prerequisites → compile_build_project (only when build/ changed) → run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD_PROJECT="$ROOT/build/_build.csproj"
BUILD_DLL="$ROOT/build/bin/Debug/net10.0/_build.dll"
TEMP_DIR="$ROOT/.nuke/temp"
STAMP="$TEMP_DIR/build-project.stamp"
# Without a global.json, the newest SDK of this channel is installed when none on PATH is recent enough.
SDK_CHANNEL="10.0"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE=1

fail() { echo "build.sh: $*" >&2; exit 1; }

# An SDK that fits: global.json's (version + rollForward) when the repository has one, else any of the channel or newer;
# the one on PATH, else one under .nuke/temp, else install it there.
sdk_fits() {
  local version
  version="$(cd "$ROOT" && "$1" --version 2>/dev/null)" || return 1
  [[ -f "$ROOT/global.json" ]] && return 0
  [[ "${version%%.*}" -ge "${SDK_CHANNEL%%.*}" ]]
}

find_sdk() {
  local candidate cache="$TEMP_DIR/dotnet-path"
  # Checking an SDK costs a dotnet start: remember the answer until global.json changes (or appears).
  if [[ -f "$cache" && ( ! -f "$ROOT/global.json" || "$cache" -nt "$ROOT/global.json" ) ]] && DOTNET="$(cat "$cache")" && [[ -x "$DOTNET" ]]; then
    return
  fi
  for candidate in "$(command -v dotnet || true)" "$TEMP_DIR/dotnet/dotnet"; do
    if [[ -n "$candidate" && -x "$candidate" ]] && sdk_fits "$candidate"; then
      DOTNET="$candidate"; mkdir -p "$TEMP_DIR"; echo "$DOTNET" > "$cache"; return
    fi
  done
  local wanted="channel $SDK_CHANNEL"
  local -a install=(--channel "$SDK_CHANNEL")
  if [[ -f "$ROOT/global.json" ]]; then
    wanted="$(sed -n 's/.*"version"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$ROOT/global.json" | head -n1)"
    install=(--version "$wanted")
  fi
  echo "build.sh: no fitting .NET SDK ($wanted); installing into .nuke/temp/dotnet" >&2
  mkdir -p "$TEMP_DIR"
  curl -fsSL --retry 3 https://dot.net/v1/dotnet-install.sh -o "$TEMP_DIR/dotnet-install.sh" \
    || fail "cannot download dotnet-install.sh; install a .NET SDK ($wanted) and retry"
  bash "$TEMP_DIR/dotnet-install.sh" "${install[@]}" --install-dir "$TEMP_DIR/dotnet" --no-path >&2 \
    || fail "installing the .NET SDK ($wanted) failed"
  DOTNET="$TEMP_DIR/dotnet/dotnet"
  echo "$DOTNET" > "$cache"
}

# The targets' prerequisites (container engine, debootstrap, pip) are installed by build/prerequisites.sh.
check_prerequisites() {
  if [[ -f "$ROOT/build/prerequisites.sh" ]]; then
    # shellcheck source=build/prerequisites.sh
    source "$ROOT/build/prerequisites.sh"
    pipeline_prerequisites "$@"
  fi
}

# The build program's inputs, fingerprinted: every file's path, size and modification time under build/ (bin/ and obj/
# aside), global.json, Directory.*.props and nuget.config. build.ps1 computes the same text, so the two share one stamp.
input_fingerprint() {
  (cd "$ROOT" && find build global.json Directory.*.props nuget.config NuGet.config \( -name bin -o -name obj \) -prune -o -type f \
      -printf '%p\t%s\t%T@\n' 2>/dev/null || true) \
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

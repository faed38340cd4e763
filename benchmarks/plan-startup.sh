#!/usr/bin/env bash
# Benchmark: engine overhead of `./build.sh --plan` on a warm checkout.
# Prints the median of N runs of
#   - `./build.sh --plan` (what a user waits for: build.sh's SDK and prerequisite checks, the up-to-date check of the
#     build project, then the engine),
#   - `dotnet build/bin/Debug/net10.0/_build.dll --plan` (the engine alone, as build.sh finally execs it),
#   - a hello-world .NET app's start-up,
# and the differences: the engine's own time (discovery, parameters, planning, logging set-up) on top of dotnet
# start-up, and what build.sh adds on top of the engine.
# Any failing run stops the benchmark (a failing --plan would otherwise be timed as a fast one).
# Usage: benchmarks/plan-startup.sh [runs=10]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-10}"
HELLO="$ROOT/.nuke/temp/bench-hello"
BUILD_DLL="$ROOT/build/bin/Debug/net10.0/_build.dll"   # as in build.sh

fail() { echo "plan-startup.sh: $*" >&2; exit 1; }

median_ms() { # command... → median wall time in ms over $RUNS runs; stops at the first failing run
  local times=() start end status
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N)
    status=0; "$@" >/dev/null 2>&1 || status=$?
    end=$(date +%s%N)
    [[ $status -eq 0 ]] || fail "'$*' exited with $status (run it by hand to see why)"
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'
}

# Warm: compile the build project once if needed (and fail here, with its output, if --plan does not work).
"$ROOT/build.sh" --plan >/dev/null || fail "./build.sh --plan failed"
[[ -f "$BUILD_DLL" ]] || fail "$BUILD_DLL not found after ./build.sh --plan (has build.sh's output path changed?)"
# The SDK build.sh chose (it caches the answer), so both runs use the same dotnet.
DOTNET="$(cat "$ROOT/.nuke/temp/dotnet-path" 2>/dev/null || command -v dotnet)"
[[ -x "$DOTNET" ]] || fail "no dotnet found"

if [[ ! -f "$HELLO/bin/hello.dll" ]]; then
  mkdir -p "$HELLO"
  cat > "$HELLO/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><OutDir>bin</OutDir><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>
XML
  echo 'System.Console.WriteLine("hello");' > "$HELLO/Program.cs"
  "$DOTNET" build "$HELLO/hello.csproj" --nologo -v q >/dev/null || fail "building the hello-world app failed"
fi

cd "$ROOT"   # build.sh runs the engine from the root
plan=$(median_ms "$ROOT/build.sh" --plan)
engine=$(median_ms "$DOTNET" "$BUILD_DLL" --plan)
hello=$(median_ms "$DOTNET" "$HELLO/bin/hello.dll")
echo "runs:                                  $RUNS"
echo "./build.sh --plan (median):            ${plan} ms"
echo "dotnet _build.dll --plan (median):     ${engine} ms"
echo "dotnet hello.dll (median):             ${hello} ms"
echo "engine time on top of dotnet start-up: $(( engine - hello )) ms"
echo "build.sh on top of the engine:         $(( plan - engine )) ms"

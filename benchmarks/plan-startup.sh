#!/usr/bin/env bash
# Benchmark: engine overhead of `./build.sh --plan` on a warm checkout.
# Prints the median of N runs of `./build.sh --plan`, the median start-up of a hello-world .NET app,
# and their difference (the engine's own time: discovery, parameters, planning, logging set-up).
# Usage: benchmarks/plan-startup.sh [runs=10]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNS="${1:-10}"
HELLO="$ROOT/.nuke/temp/bench-hello"

median_ms() { # command... → median wall time in ms over $RUNS runs
  local times=() start end
  for _ in $(seq "$RUNS"); do
    start=$(date +%s%N); "$@" >/dev/null 2>&1; end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'
}

"$ROOT/build.sh" --plan >/dev/null   # warm: compile the build project once if needed
if [[ ! -f "$HELLO/bin/hello.dll" ]]; then
  mkdir -p "$HELLO"
  cat > "$HELLO/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><OutDir>bin</OutDir><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>
XML
  echo 'System.Console.WriteLine("hello");' > "$HELLO/Program.cs"
  dotnet build "$HELLO/hello.csproj" --nologo -v q >/dev/null
fi

plan=$(median_ms "$ROOT/build.sh" --plan)
hello=$(median_ms dotnet "$HELLO/bin/hello.dll")
echo "runs:                         $RUNS"
echo "./build.sh --plan (median):   ${plan} ms"
echo "dotnet hello.dll (median):    ${hello} ms"
echo "engine time on top (median):  $(( plan - hello )) ms"

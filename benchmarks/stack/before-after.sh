#!/usr/bin/env bash
# The stack's images built as-is, by hand and by Pipeline, cold and warm, against a slow stand-in PyPI:
# `./build.sh Benchmark` with the given parameters, then the summary it wrote. Run from the repository root:
#
#   benchmarks/stack/before-after.sh [Benchmark parameters...]
#
#   e.g. benchmarks/stack/before-after.sh --wheel-scale 0.01 --repeat 1      (quick: about 10 minutes here)
#        benchmarks/stack/before-after.sh                                    (the defaults: 0.1 scale, 600KB)
#        benchmarks/stack/before-after.sh --drop 0.3 --scenarios by-hand,pipeline
#
# Results: artifacts/benchmark/results.json, summary.md and chart.png (see docs/benchmarks.md).
set -euo pipefail
[[ -f Pipeline.sln && -d benchmarks/stack ]] || { echo "run from the repository root" >&2; exit 2; }
# The benchmark's pip runs may only reach the stand-in upstream: drop the machine's pip settings.
while read -r var; do unset "$var"; done < <(compgen -e | grep '^PIP_' || true)
./build.sh Benchmark "$@"
cat artifacts/benchmark/summary.md

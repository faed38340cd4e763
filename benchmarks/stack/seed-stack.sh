#!/usr/bin/env bash
# The seed stack scenario (issues #12 and #13): the five ../shared/fixtures/seed-stack services in their hand-fixed
# state (Dockerfile.after, requirements.after.txt), built by hand 4 at a time and by Pipeline's Rebuild steps, cold and
# warm, against a slow stand-in PyPI serving the seed stack's packages. `./build.sh Benchmark --benchmark-stack seed`
# with the given parameters, then the summary it wrote. Run from the repository root:
#
#   benchmarks/stack/seed-stack.sh [Benchmark parameters...]
#
#   e.g. benchmarks/stack/seed-stack.sh --wheel-scale 0.01 --repeat 1     (quick)
#        benchmarks/stack/seed-stack.sh                                   (the figures: 0.1 scale, 600KB)
#        benchmarks/stack/seed-stack.sh --drop 0.3                        (30% of wheel downloads cut off)
#
# as-is is not run on this stack (nixos-docs has no Dockerfile.before; the log says so). Results:
# artifacts/benchmark/results.json, summary.md and chart.png (see docs/benchmarks.md#the-seed-stack).
set -euo pipefail
[[ -f Pipeline.sln && -d benchmarks/stack ]] || { echo "run from the repository root" >&2; exit 2; }
[[ -f ../shared/fixtures/seed-stack/docker-compose.yml ]] || { echo "the seed stack fixture is not at ../shared/fixtures/seed-stack" >&2; exit 2; }
# The benchmark's pip runs may only reach the stand-in upstream: drop the machine's pip settings.
while read -r var; do unset "$var"; done < <(compgen -e | grep '^PIP_' || true)
uptime
./build.sh Benchmark --benchmark-stack seed --scenarios by-hand,pipeline "$@"
uptime
cat artifacts/benchmark/summary.md

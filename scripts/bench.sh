#!/usr/bin/env bash
# `make bench`: runs every benchmark and prints its figures; docs/benchmarks.md records them with this command.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
shopt -s nullglob
benches=(bench/*/*.csproj)
if [ ${#benches[@]} -eq 0 ]; then
  echo "No benchmarks yet: they arrive with the sandbox, MCS and xDS issues (see docs/benchmarks.md)." >&2
  exit 2
fi
bash scripts/deps.sh --for bench
for project in "${benches[@]}"; do
  echo "== $project"
  dotnet run -c Release --project "$project" -- "$@"
done

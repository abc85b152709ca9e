#!/usr/bin/env bash
# `make run`: builds the tdcc CLI and starts the sandbox clusterset in the foreground with the demo workload
# (`tdcc sandbox up --demo`). Extra arguments pass through: `make run ARGS="--clusters 5 --fresh"`.
# Ctrl-C or SIGTERM stops it cleanly (workloads stopped, state flushed, .sandbox/endpoints.json removed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cli=src/Tdcc.Mesh.Cli/Tdcc.Mesh.Cli.csproj
dotnet build "$cli" -c Release --nologo -v quiet
artifacts=${TDCC_ARTIFACTS:-$root/artifacts}
# Run the built assembly directly (not `dotnet run`), so signals reach tdcc itself.
exec dotnet "$artifacts/bin/Tdcc.Mesh.Cli/release/tdcc.dll" sandbox up --demo "$@"

#!/usr/bin/env bash
# `make run`: starts the sandbox clusterset in the foreground (Ctrl-C stops it cleanly).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
cli=src/Tdcc.Mesh.Cli/Tdcc.Mesh.Cli.csproj
if [ ! -f "$cli" ]; then
  echo "The sandbox command (tdcc sandbox up) is not built yet: see issue 'Sandbox' and docs/architecture.md." >&2
  exit 2
fi
dotnet build "$cli" -c Release --nologo -v quiet
exec dotnet run --no-build -c Release --project "$cli" -- sandbox up --demo "$@"

#!/usr/bin/env bash
# `make run`: builds the tdcc CLI (scripts/install.sh: writes the .tools/bin/tdcc wrapper) and starts the sandbox
# clusterset in the foreground with the demo workload (`tdcc sandbox up --demo`). Extra arguments pass through:
# `make run ARGS="--clusters 5 --fresh"`.
# Ctrl-C or SIGTERM stops it cleanly (workloads stopped, state flushed, .sandbox/endpoints.json removed).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bash scripts/install.sh --quiet
bin="$root/.tools/bin"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) printf '[run] in another terminal, put tdcc on PATH first:  export PATH="%s:$PATH"\n' "$bin" ;;
esac
# The wrapper execs the built assembly directly (not `dotnet run`), so signals reach tdcc itself.
exec "$bin/tdcc" sandbox up --demo "$@"

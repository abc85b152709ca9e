#!/usr/bin/env bash
# The k3d end-to-end suite: TDCC Mesh installed with its Helm chart on real Kubernetes (k3s in Docker).
#   1. a hub and two member k3d clusters (east, west) on one Docker network;
#   2. the image built from the repository's Dockerfile and imported into the three clusters;
#   3. helm install of the hub; a bootstrap token created with kubectl on the hub; helm install of the agent in each
#      member with it (what `kubectl tdcc join` prints);
#   4. checks: both ManagedClusters Joined; a Service exported from east is imported in west; west's clusterset DNS
#      answers for it; the hub's xDS server serves a client of west the clusters and endpoints of the export.
# Usage: e2e/run.sh [--keep]   (make e2e). Needs docker (a running engine), k3d, kubectl, helm and node (make deps).
#   --keep            leave the clusters running afterwards (default: deleted, also on failure)
#   E2E_PREFIX        cluster name prefix (default tdcc-e2e)
#   E2E_IMAGE_TAG     image tag to build and install (default e2e)
#   E2E_SKIP_BUILD=1  use an image already built with that tag
# Exits 0 when every check passed, 1 when one failed, 2 when a prerequisite is missing (one line saying which).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export PATH="$root/.tools/bin:$PATH"
prefix=${E2E_PREFIX:-tdcc-e2e}
tag=${E2E_IMAGE_TAG:-e2e}
image=ghcr.io/tdcc-mesh/tdcc
keep=false
[ "${1:-}" = "--keep" ] && keep=true

# shellcheck source=e2e/lib.sh
. "$root/e2e/lib.sh"

missing=()
for tool in docker k3d kubectl helm node; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -eq 0 ] && ! docker info >/dev/null 2>&1; then
  missing+=("a running Docker engine")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "e2e: cannot run: missing ${missing[*]} (the k3d suite needs Docker and k3d; see e2e/README.md)"
  exit 2
fi

hub="$prefix-hub"
members=(east west)
network="$prefix"
workdir=$(mktemp -d)
trap cleanup EXIT

cleanup() {
  local status=$?
  if [ $status -ne 0 ]; then
    log "FAILED (exit $status); diagnostics follow"
    diagnostics || true
  fi
  if ! $keep; then
    for c in "$hub" "${members[@]/#/$prefix-}"; do k3d cluster delete "$c" >/dev/null 2>&1 || true; done
    docker network rm "$network" >/dev/null 2>&1 || true
  else
    log "kept the clusters (k3d cluster list; kubectl contexts k3d-$hub, k3d-$prefix-east, k3d-$prefix-west)"
  fi
  rm -rf "$workdir"
}

step "clusters: $hub, $prefix-east, $prefix-west on network $network"
docker network inspect "$network" >/dev/null 2>&1 || docker network create "$network" >/dev/null
k3d cluster create "$hub" --network "$network" --servers 1 --agents 0 --wait --timeout 180s \
  --k3s-arg "--kube-apiserver-arg=enable-bootstrap-token-auth=true@server:0" \
  --k3s-arg "--disable=traefik@server:0" >/dev/null
for m in "${members[@]}"; do
  k3d cluster create "$prefix-$m" --network "$network" --servers 1 --agents 0 --wait --timeout 180s \
    --k3s-arg "--disable=traefik@server:0" >/dev/null
done
hub_ctx="k3d-$hub"

step "image $image:$tag"
if [ "${E2E_SKIP_BUILD:-}" != "1" ]; then
  docker build -t "$image:$tag" "$root"
fi
for c in "$hub" "${members[@]/#/$prefix-}"; do
  k3d image import "$image:$tag" --cluster "$c" >/dev/null
done

step "helm install the hub"
helm install tdcc-hub "$root/charts/tdcc-mesh" --kube-context "$hub_ctx" --namespace tdcc-system --create-namespace \
  --set mode=hub --set image.tag="$tag" --set image.pullPolicy=Never --set hub.xds.service.type=LoadBalancer --wait --timeout 180s
kubectl --context "$hub_ctx" -n tdcc-system rollout status deployment/tdcc-hub --timeout=120s

# The members reach the hub's API server on the Docker network, at the server container's address (in the
# certificate's SANs as a node IP); its CA comes from the kubeconfig k3d wrote.
hub_ip=$(docker inspect -f "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "k3d-$hub-server-0")
hub_url="https://$hub_ip:6443"
kubectl config view --raw -o jsonpath="{.clusters[?(@.name==\"$hub_ctx\")].cluster.certificate-authority-data}" | base64 -d >"$workdir/hub-ca.crt"

for m in "${members[@]}"; do
  step "join $m: bootstrap token on the hub, helm install the agent"
  token=$(create_bootstrap_token "$hub_ctx")
  helm install tdcc-agent "$root/charts/tdcc-mesh" --kube-context "k3d-$prefix-$m" --namespace tdcc-system --create-namespace \
    --set mode=agent --set agent.clusterName="$m" --set agent.hubServer="$hub_url" --set agent.bootstrapToken="$token" \
    --set-file agent.hubCA="$workdir/hub-ca.crt" --set agent.region=e2e --set agent.zone="e2e-$m" \
    --set image.tag="$tag" --set image.pullPolicy=Never --wait --timeout 180s
done

step "check: both members Joined and Ready on the hub"
for m in "${members[@]}"; do
  wait_for 120 "ManagedCluster $m Ready" \
    bash -c "kubectl --context '$hub_ctx' get managedcluster '$m' -o jsonpath='{.status.conditions[?(@.type==\"Ready\")].status}' | grep -qx True"
  kubectl --context "k3d-$prefix-$m" -n tdcc-system get secret tdcc-hub-credentials >/dev/null
done

step "export echo from east, check the import in west"
for m in "${members[@]}"; do kubectl --context "k3d-$prefix-$m" create namespace demo >/dev/null; done
east="k3d-$prefix-east"
west="k3d-$prefix-west"
kubectl --context "$east" -n demo create deployment echo --image=registry.k8s.io/e2e-test-images/agnhost:2.52 --replicas=2 \
  -- /agnhost netexec --http-port=8080 >/dev/null
kubectl --context "$east" -n demo expose deployment echo --port=80 --target-port=8080 >/dev/null
kubectl --context "$east" -n demo rollout status deployment/echo --timeout=180s
kubectl --context "$east" apply -f - >/dev/null <<'YAML'
apiVersion: multicluster.x-k8s.io/v1alpha1
kind: ServiceExport
metadata: {name: echo, namespace: demo}
YAML
wait_for 120 "ServiceExport echo Valid in east" \
  bash -c "kubectl --context '$east' -n demo get serviceexport echo -o jsonpath='{.status.conditions[?(@.type==\"Valid\")].status}' | grep -qx True"
wait_for 120 "ServiceImport echo on the hub" \
  bash -c "kubectl --context '$hub_ctx' get serviceimports -A -o name | grep -q echo"
wait_for 120 "ServiceImport echo in west with an address" \
  bash -c "kubectl --context '$west' -n demo get serviceimport echo -o jsonpath='{.spec.ips[0]}' | grep -q ."
wait_for 120 "EndpointSlices of echo in west" \
  bash -c "kubectl --context '$west' -n demo get endpointslices -l multicluster.kubernetes.io/service-name=echo -o name | grep -q ."

step "check: west's clusterset DNS answers echo.demo.svc.clusterset.local"
dns_ip=$(kubectl --context "$west" -n tdcc-system get service tdcc-agent-dns -o jsonpath='{.spec.clusterIP}')
import_ip=$(kubectl --context "$west" -n demo get serviceimport echo -o jsonpath='{.spec.ips[0]}')
answer=$(kubectl --context "$west" run dns-check --namespace demo --rm -i --restart=Never --quiet \
  --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7 -- \
  dig +short +time=3 +tries=3 "@$dns_ip" -p 53 echo.demo.svc.clusterset.local A)
echo "  dig @$dns_ip echo.demo.svc.clusterset.local: $answer (ServiceImport ip $import_ip)"
[ "$(echo "$answer" | head -n 1)" = "$import_ip" ] || fail "DNS answered '$answer', expected $import_ip"
tcp_answer=$(kubectl --context "$west" run dns-check-tcp --namespace demo --rm -i --restart=Never --quiet \
  --image=registry.k8s.io/e2e-test-images/jessie-dnsutils:1.7 -- \
  dig +tcp +short +time=3 +tries=3 "@$dns_ip" -p 53 echo.demo.svc.clusterset.local A)
[ "$(echo "$tcp_answer" | head -n 1)" = "$import_ip" ] || fail "DNS over TCP answered '$tcp_answer', expected $import_ip"

step "check: the hub's xDS server gives a client of west the echo cluster and its endpoints"
xds_port=$(free_port)
kubectl --context "$hub_ctx" -n tdcc-system port-forward service/tdcc-hub-xds "$xds_port:15010" >"$workdir/pf.log" 2>&1 &
pf=$!
wait_for 30 "port-forward to the xDS Service" bash -c "(exec 3<>/dev/tcp/127.0.0.1/$xds_port) 2>/dev/null"
node_id="e2e-west-$$"
docker run --rm --network host "$image:$tag" xds bootstrap --cluster west --node-id "$node_id" \
  --server "http://127.0.0.1:$xds_port" >"$workdir/bootstrap.json"
# The client resolves xds:///echo.demo.svc.clusterset.local:80 through ADS (its calls cannot reach the members'
# pod addresses from here; what is checked is what the server sent and the client ACKed).
(sleep 10) | GRPC_XDS_BOOTSTRAP="$workdir/bootstrap.json" node "$root/tests/node/xds-grpc-client.js" \
  "xds:///echo.demo.svc.clusterset.local:80" 1000 >"$workdir/xds-client.log" 2>&1 &
client=$!
sleep 5
status=$(docker run --rm --network host "$image:$tag" xds status --server "http://127.0.0.1:$xds_port" --node "$node_id")
wait "$client" || true
kill "$pf" 2>/dev/null || true
echo "$status" | sed 's/^/  /'
echo "$status" | grep -q "$node_id" || fail "the xDS server shows no stream of $node_id"
for type in Listener RouteConfiguration Cluster ClusterLoadAssignment; do
  echo "$status" | grep -q "$type" || fail "the xDS server sent $node_id no $type"
done

step "PASSED: hub + east + west installed with the chart; join, export/import, DNS and xDS work"

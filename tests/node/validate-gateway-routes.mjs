// Validates Gateway API objects against the upstream schemas of @kubernetes-models/gateway-api.
// stdin: a JSON array of objects (GRPCRoute, HTTPRoute, Gateway or GatewayClass of gateway.networking.k8s.io/v1,
// ReferenceGrant of gateway.networking.k8s.io/v1beta1).
// stdout: one JSON line per route, {"kind", "name", "ok", "error"}; exit code 1 when any is invalid.
import { GRPCRoute, Gateway, GatewayClass, HTTPRoute } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1';
import { ReferenceGrant } from '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1beta1';

const kinds = { GRPCRoute, Gateway, GatewayClass, HTTPRoute, ReferenceGrant };
let input = '';
for await (const chunk of process.stdin) {
  input += chunk;
}

let failed = false;
for (const object of JSON.parse(input)) {
  const model = kinds[object.kind];
  const report = { kind: object.kind, name: object.metadata?.name ?? null, ok: true, error: null };
  try {
    if (!model) {
      throw new Error(`unknown kind ${object.kind}`);
    }
    new model(object).validate();
  } catch (error) {
    report.ok = false;
    report.error = String(error?.message ?? error);
    failed = true;
  }
  console.log(JSON.stringify(report));
}
process.exit(failed ? 1 : 0);

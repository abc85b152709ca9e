// Validates Istio configuration objects against the upstream schemas of @kubernetes-models/istio.
// stdin: a JSON array of objects (ServiceEntry, WorkloadEntry or DestinationRule, networking.istio.io/v1).
// stdout: one JSON line per object, {"kind", "name", "ok", "error"}; exit code 1 when any is invalid.
import { DestinationRule, ServiceEntry, WorkloadEntry } from '@kubernetes-models/istio/networking.istio.io/v1';

const kinds = { DestinationRule, ServiceEntry, WorkloadEntry };
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
    if (object.apiVersion !== 'networking.istio.io/v1') {
      throw new Error(`unexpected apiVersion ${object.apiVersion}`);
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

// The real xDS peer: @grpc/grpc-js with @grpc/grpc-js-xds resolving an xds:/// target through our ADS server.
// Usage: GRPC_XDS_BOOTSTRAP=<bootstrap.json> [TDCC_XDS_METADATA='{"x-canary":"true"}'] node xds-grpc-client.js <xds:///target> [intervalMs]
// TDCC_XDS_METADATA, when set, is a JSON object of header -> string value sent as request metadata with every call.
// Calls tdcc.echo.v1.EchoService/Echo repeatedly and prints one JSON line per call:
//   {"seq":1,"ok":true,"cluster":"east","pod":"echo-east-0","podIp":"127.10.0.201"}
//   {"seq":2,"ok":false,"code":"UNAVAILABLE","message":"..."}
// Runs until its standard input closes, then exits 0.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const grpcXds = require('@grpc/grpc-js-xds');
const protoLoader = require('@grpc/proto-loader');

const target = process.argv[2];
const intervalMs = Number(process.argv[3] ?? '50');
if (!target || !target.startsWith('xds:///')) {
  console.error('usage: node xds-grpc-client.js <xds:///host:port> [intervalMs]');
  process.exit(2);
}
if (!process.env.GRPC_XDS_BOOTSTRAP && !process.env.GRPC_XDS_BOOTSTRAP_CONFIG) {
  console.error('GRPC_XDS_BOOTSTRAP is not set');
  process.exit(2);
}

function parseMetadata(text) {
  if (!text) {
    return null;
  }
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    console.error(`TDCC_XDS_METADATA is not JSON: ${error.message}`);
    process.exit(2);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    console.error('TDCC_XDS_METADATA must be a JSON object of header -> value');
    process.exit(2);
  }
  return Object.entries(parsed).map(([name, value]) => [name, String(value)]);
}

const metadataEntries = parseMetadata(process.env.TDCC_XDS_METADATA);

function requestMetadata() {
  const metadata = new grpc.Metadata();
  for (const [name, value] of metadataEntries ?? []) {
    metadata.add(name, value);
  }
  return metadata;
}

grpcXds.register();

const protoRoot = path.resolve(__dirname, '..', '..', 'protos');
const definition = protoLoader.loadSync(['tdcc/echo/v1/echo.proto'], {
  includeDirs: [protoRoot],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
});
const loaded = grpc.loadPackageDefinition(definition);
const echo = new loaded.tdcc.echo.v1.EchoService(target, grpc.credentials.createInsecure());

let stopping = false;
process.stdin.on('data', () => {});
process.stdin.on('end', () => { stopping = true; });
process.stdin.on('error', () => { stopping = true; });
// Whoever reads the calls went away (`| head`): stop quietly, as a shell tool would.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') {
    process.exit(0);
  }
  throw error;
});

function call(seq) {
  return new Promise((resolve) => {
    echo.Echo({ text: `call ${seq}` }, requestMetadata(), { deadline: new Date(Date.now() + 3000) }, (error, response) => {
      if (error) {
        resolve({ seq, ok: false, code: grpc.status[error.code] ?? String(error.code), message: error.details ?? error.message });
      } else {
        resolve({ seq, ok: true, cluster: response.cluster, pod: response.pod, podIp: response.podIp });
      }
    });
  });
}

async function main() {
  let seq = 0;
  while (!stopping) {
    seq += 1;
    const result = await call(seq);
    process.stdout.write(JSON.stringify(result) + '\n');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  echo.close();
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

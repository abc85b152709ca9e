// The real xDS server peer (gRFC A36): @grpc/grpc-js-xds's XdsServer serving tdcc.echo.v1.EchoService on one address,
// configured by the Listener our ADS server sends for it.
// Usage: GRPC_XDS_BOOTSTRAP=<bootstrap.json> node xds-grpc-server.js <ip:port> <cluster> <pod>
// The bootstrap must carry server_listener_resource_name_template. Prints one JSON line per event:
//   {"event":"serving","code":"OK","details":""}        every serving-state callback of the bound address
//   {"event":"bound","port":50051}                       bindAsync's callback (the first time it serves)
//   {"event":"probe","ok":true,"pod":"echo-xds-0"}       answer to a "probe" line on stdin: a plain (non-xDS) grpc-js
//   {"event":"probe","ok":false,"code":"UNAVAILABLE"}     Echo call straight to <ip:port> on a fresh connection
// Runs until its standard input closes, then shuts the server down and exits 0.
'use strict';

const path = require('node:path');
const readline = require('node:readline');
const grpc = require('@grpc/grpc-js');
const grpcXds = require('@grpc/grpc-js-xds');
const protoLoader = require('@grpc/proto-loader');

const [address, cluster, pod] = process.argv.slice(2);
if (!address || !cluster || !pod) {
  console.error('usage: node xds-grpc-server.js <ip:port> <cluster> <pod>');
  process.exit(2);
}
if (!process.env.GRPC_XDS_BOOTSTRAP && !process.env.GRPC_XDS_BOOTSTRAP_CONFIG) {
  console.error('GRPC_XDS_BOOTSTRAP is not set');
  process.exit(2);
}

const separator = address.lastIndexOf(':');
const podIp = address.slice(0, separator).replace(/^\[|\]$/g, '');
const port = Number(address.slice(separator + 1));

// Registers the xDS HTTP filters (the router among them) the server validates its Listener with.
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
const EchoService = loaded.tdcc.echo.v1.EchoService;

function emit(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

function reply(request, metadata, sequence) {
  const headers = {};
  for (const [key, value] of Object.entries(metadata.getMap())) {
    headers[key] = Buffer.isBuffer(value) ? value.toString('base64') : String(value);
  }
  return { text: request.text, cluster, namespace: 'demo', pod, podIp, headers, sequence, port };
}

const server = new grpcXds.XdsServer();
server.addService(EchoService.service, {
  Echo: (call, callback) => callback(null, reply(call.request, call.metadata, 0)),
  EchoStream: (call) => {
    const count = Math.max(1, call.request.repeat);
    for (let i = 0; i < count; i++) {
      call.write(reply(call.request, call.metadata, i));
    }
    call.end();
  },
  EchoChat: (call) => {
    let sequence = 0;
    call.on('data', (request) => call.write(reply(request, call.metadata, sequence++)));
    call.on('end', () => call.end());
  },
});

server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, boundPort) => {
  if (error) {
    console.error(`bind failed: ${error.message}`);
    process.exit(1);
  }
  emit({ event: 'bound', port: boundPort });
});
server.addServingStateListener(address, (status) => {
  emit({ event: 'serving', code: grpc.status[status.code] ?? String(status.code), details: status.details });
});

function probe() {
  // A fresh channel with its own subchannel pool: every probe opens a new connection.
  const client = new EchoService(address, grpc.credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 });
  client.Echo({ text: 'probe' }, { deadline: new Date(Date.now() + 2000) }, (error, response) => {
    if (error) {
      emit({ event: 'probe', ok: false, code: grpc.status[error.code] ?? String(error.code), message: error.details ?? error.message });
    } else {
      emit({ event: 'probe', ok: true, pod: response.pod });
    }
    client.close();
  });
}

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  if (line.trim() === 'probe') {
    probe();
  }
});
input.on('close', () => {
  server.forceShutdown();
  process.exit(0);
});

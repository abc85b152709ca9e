// Calls the echo image's gRPC services with @grpc/grpc-js: the cross-check of Tdcc.Mesh.Grpc against a real gRPC peer.
// Usage: node grpc-echo-client.js <host:port>
// Prints one JSON object with what every call returned; exits non-zero on any failure.
'use strict';

const path = require('node:path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const target = process.argv[2];
if (!target) {
  console.error('usage: node grpc-echo-client.js <host:port>');
  process.exit(2);
}

const protoRoot = path.resolve(__dirname, '..', '..', 'protos');
const definition = protoLoader.loadSync(['tdcc/echo/v1/echo.proto', 'grpc/health/v1/health.proto'], {
  includeDirs: [protoRoot],
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
});
const loaded = grpc.loadPackageDefinition(definition);
const credentials = grpc.credentials.createInsecure();
const echo = new loaded.tdcc.echo.v1.EchoService(target, credentials);
const health = new loaded.grpc.health.v1.Health(target, credentials);

const deadline = () => new Date(Date.now() + 10_000);

function unary(client, method, request, metadata) {
  return new Promise((resolve, reject) =>
    client[method](request, metadata ?? new grpc.Metadata(), { deadline: deadline() }, (error, response) =>
      error ? reject(error) : resolve(response)));
}

function serverStream(client, method, request) {
  return new Promise((resolve, reject) => {
    const messages = [];
    const call = client[method](request, { deadline: deadline() });
    call.on('data', (message) => messages.push(message));
    call.on('error', reject);
    call.on('end', () => resolve(messages));
  });
}

function chat(texts) {
  return new Promise((resolve, reject) => {
    const messages = [];
    const call = echo.EchoChat({ deadline: deadline() });
    call.on('data', (message) => messages.push(message));
    call.on('error', reject);
    call.on('end', () => resolve(messages));
    for (const text of texts) {
      call.write({ text });
    }
    call.end();
  });
}

function errorCode(promise) {
  return promise.then(() => 'OK', (error) => grpc.status[error.code] ?? String(error.code));
}

async function main() {
  const metadata = new grpc.Metadata();
  metadata.set('x-peer', 'grpc-js');
  const unaryReply = await unary(echo, 'Echo', { text: 'hello from node' }, metadata);
  const streamReplies = await serverStream(echo, 'EchoStream', { text: 'many', repeat: 3 });
  const chatReplies = await chat(['a', 'b', 'c', 'd']);
  const check = await unary(health, 'Check', { service: '' });
  const unknownService = await errorCode(unary(health, 'Check', { service: 'no.such.Service' }));
  const result = {
    echo: { text: unaryReply.text, pod: unaryReply.pod, podIp: unaryReply.podIp, peerHeader: unaryReply.headers['x-peer'] },
    stream: streamReplies.map((m) => m.sequence),
    chat: chatReplies.map((m) => m.text),
    health: check.status,
    unknownService,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main()
  .then(() => { echo.close(); health.close(); })
  .catch((error) => {
    console.error(`grpc-js call failed: ${error.code} ${error.details ?? error.message}`);
    process.exit(1);
  });

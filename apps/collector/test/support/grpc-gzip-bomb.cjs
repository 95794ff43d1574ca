// A gzip-compressed gRPC bomb, sent by a real grpc-js client in its own process (so the
// collector's process, the test's, does not pay for the client's buffer): a message of
// <mib> MiB of zeros, which grpc-js compresses on the wire (`grpc.default_compression_algorithm`
// gzip) to about 1/1000 of that. Prints {code, details} of the answer as JSON.
//
//   node grpc-gzip-bomb.cjs <host:port> <method path> <mib> '{"x-tenant":"acme"}'
'use strict';
const grpc = require('@grpc/grpc-js');

const [address, path, mib, metadataJson] = process.argv.slice(2);
const client = new grpc.Client(address, grpc.credentials.createInsecure(), {
  'grpc.default_compression_algorithm': 2, // gzip
  'grpc.max_send_message_length': -1,
});
const metadata = new grpc.Metadata();
for (const [key, value] of Object.entries(JSON.parse(metadataJson || '{}'))) metadata.set(key, value);
const raw = (bytes) => bytes;
client.makeUnaryRequest(path, raw, raw, Buffer.alloc(Number(mib) * 1024 * 1024), metadata, { deadline: Date.now() + 60_000 }, (error) => {
  process.stdout.write(`${JSON.stringify(error ? { code: error.code, details: error.details } : { code: 0, details: '' })}\n`);
  client.close();
});

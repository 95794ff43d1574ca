import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Attribute, Span } from '@waymark/span-model';
import { decodeOtlpJson } from './otlp-json-decode';
import { decodeOtlpProto } from './otlp-proto-decode';

// Requests captured from the OpenTelemetry JS exporters by test/capture/capture-otlp.cjs
// (versions in manifest.json): one two-span trace, sent three ways.
const fixtures = join(__dirname, '..', '..', 'test', 'fixtures', 'otlp');
const read = (file: string): Buffer => readFileSync(join(fixtures, file));

const decoded = {
  'protobuf over HTTP (exporter-trace-otlp-proto)': decodeOtlpProto(read('otlp-proto-http.bin')),
  'JSON over HTTP (exporter-trace-otlp-http)': decodeOtlpJson(read('otlp-http-json.json')),
  'protobuf over gRPC (exporter-trace-otlp-grpc)': decodeOtlpProto(read('otlp-grpc.bin')),
};

const str = (key: string, value: string): Attribute => ({ key, value: { type: 'string', value } });
const int = (key: string, value: bigint): Attribute => ({ key, value: { type: 'int', value } });
const dbl = (key: string, value: number): Attribute => ({ key, value: { type: 'double', value } });
const bool = (key: string, value: boolean): Attribute => ({ key, value: { type: 'bool', value } });
const arr = (key: string, values: Attribute['value'][]): Attribute => ({ key, value: { type: 'array', value: values } });

const resource = {
  serviceName: 'waymark-capture',
  attributes: [str('service.name', 'waymark-capture'), str('service.version', '1.0.0'), str('deployment.environment.name', 'test'), str('host.name', 'capture-host'), int('process.pid', 4242n)],
  droppedAttributesCount: 0,
  schemaUrl: '',
};
const scope = { name: 'waymark.capture', version: '1.2.3', attributes: [], droppedAttributesCount: 0, schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' };

// The client span ends first, so the batch span processor exports it first.
const expectedClient = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b175',
  parentSpanId: 'eee19b7ec3c1b174',
  traceState: 'rojo=00f067aa0ba902b7',
  flags: 0x101, // sampled; the parent is known not to be remote
  name: 'GET redis',
  kind: 'client',
  startTimeUnixNano: 1750000000200000000n,
  endTimeUnixNano: 1750000000700000000n,
  attributes: [str('db.system', 'redis'), str('server.address', 'redis'), int('server.port', 6379n)],
  droppedAttributesCount: 0,
  events: [
    {
      timeUnixNano: 1750000000300000001n,
      name: 'cache.miss',
      attributes: [str('cache.key', 'user:42'), int('cache.attempt', 2n), dbl('cache.hit_ratio', 0.5), bool('cache.stale', false)],
      droppedAttributesCount: 0,
    },
  ],
  droppedEventsCount: 0,
  links: [
    {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceState: '',
      attributes: [str('link.reason', 'retry-of'), int('link.attempt', 1n)],
      droppedAttributesCount: 0,
      flags: 0x101,
    },
  ],
  droppedLinksCount: 0,
  status: { code: 'ok', message: '' },
  resource,
  scope,
  warnings: [],
};

const expectedServer = {
  traceId: '5b8efff798038103d269b633813fc60c',
  spanId: 'eee19b7ec3c1b174',
  parentSpanId: 'a1b2c3d4e5f60718',
  traceState: 'rojo=00f067aa0ba902b7',
  flags: 0x301, // sampled, with a remote parent
  name: '/ping/{id}',
  kind: 'server',
  startTimeUnixNano: 1750000000123456789n,
  endTimeUnixNano: 1750000000987654321n,
  attributes: [
    str('http.request.method', 'GET'),
    str('http.route', '/ping/{id}'),
    int('http.response.status_code', 500n),
    int('waymark.test.big_int', 9007199254740994n),
    int('waymark.test.negative_int', -42n),
    dbl('waymark.test.double', 0.25),
    bool('waymark.test.bool', true),
    str('waymark.test.unicode', 'grüße 🌍'),
    arr('waymark.test.strings', [{ type: 'string', value: 'a' }, { type: 'string', value: 'b' }]),
    arr('waymark.test.ints', [{ type: 'int', value: 1n }, { type: 'int', value: 2n }, { type: 'int', value: 3n }]),
    arr('waymark.test.doubles', [{ type: 'double', value: 1.5 }, { type: 'double', value: -2.5 }]),
    arr('waymark.test.bools', [{ type: 'bool', value: true }, { type: 'bool', value: false }]),
  ],
  droppedAttributesCount: 0,
  events: [],
  droppedEventsCount: 0,
  links: [],
  droppedLinksCount: 0,
  status: { code: 'error', message: 'upstream failed' },
  resource,
  scope,
  warnings: [],
};

describe.each(Object.entries(decoded))('the OpenTelemetry JS trace sent as %s', (_, result) => {
  it('decodes both spans, rejecting none', () => {
    expect(result.rejected).toBe(0);
    expect(result.rejections.size).toBe(0);
    expect(result.spans.map((span) => span.name)).toEqual(['GET redis', '/ping/{id}']);
  });

  it('gives the client span field by field', () => {
    const client = result.spans[0] as Span;
    expect(client).toEqual(expectedClient);
    // Every attribute keeps its type: 6379 is an int, 0.5 a double, false a bool.
    expect(client.events[0]?.attributes.map((a) => a.value.type)).toEqual(['string', 'int', 'double', 'bool']);
  });

  it('gives the server span field by field, int64 beyond 2^53 exactly', () => {
    const server = result.spans[1] as Span;
    expect(server).toEqual(expectedServer);
    expect(server.attributes.find((a) => a.key === 'waymark.test.big_int')?.value).toEqual({ type: 'int', value: 2n ** 53n + 2n });
  });

  it('shares one resource object and one scope object between the spans', () => {
    const [client, server] = result.spans as [Span, Span];
    expect(client.resource).toBe(server.resource);
    expect(client.scope).toBe(server.scope);
  });
});

it('gives the same model whichever exporter sent the trace', () => {
  const [proto, json, grpc] = Object.values(decoded);
  expect(json?.spans).toEqual(proto?.spans);
  expect(grpc?.spans).toEqual(proto?.spans);
});

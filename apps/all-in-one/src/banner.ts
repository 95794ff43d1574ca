import type { ReceiverName } from '@waymark/receivers';

export interface BannerInput {
  readonly listenHost: string;
  /** Bound ports of the enabled receivers. */
  readonly receivers: Partial<Record<ReceiverName, number>>;
  readonly queryPort: number;
  readonly queryBasePath: string;
  readonly samplingHttpPort: number;
  readonly samplingGrpcPort: number;
  readonly adminPort: number;
  /** e.g. `memory (at most 100000 traces)`. */
  readonly storage: string;
}

export interface Banner {
  /** Human-readable block for a terminal. */
  readonly text: string;
  /** The same addresses as log fields. */
  readonly fields: Record<string, string>;
}

/** Where a client on this machine reaches a listener bound to `host` (a wildcard is reached on loopback). */
function reachable(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** What the all-in-one prints when it is up: where to send spans, where to query, sampling, admin. */
export function startupBanner(input: BannerInput): Banner {
  const host = reachable(input.listenHost);
  const http = (port: number, path: string) => `http://${host}:${port}${path}`;
  const ingest: Array<[string, string, string]> = [];
  const add = (name: ReceiverName, label: string, address: (port: number) => string) => {
    const port = input.receivers[name];
    if (port !== undefined) ingest.push([name, label, address(port)]);
  };
  add('otlp-grpc', 'OTLP/gRPC', (port) => `${host}:${port}`);
  add('otlp-http', 'OTLP/HTTP', (port) => http(port, '/v1/traces'));
  add('jaeger-grpc', 'Jaeger gRPC', (port) => `${host}:${port}`);
  add('jaeger-thrift-http', 'Jaeger Thrift HTTP', (port) => http(port, '/api/traces'));
  add('zipkin-http', 'Zipkin', (port) => http(port, '/api/v2/spans'));
  const query = http(input.queryPort, input.queryBasePath);
  const sampling = http(input.samplingHttpPort, '/sampling?service=<name>');
  const admin = http(input.adminPort, '/metrics');
  const pad = (label: string) => label.padEnd(20);
  const lines = [
    '',
    `Waymark all-in-one is running. Storage: ${input.storage}.`,
    '',
    '  Send spans to',
    ...ingest.map(([, label, address]) => `    ${pad(label)}${address}`),
    ...(input.receivers['otlp-http'] !== undefined ? [`    e.g. OTEL_EXPORTER_OTLP_ENDPOINT=${http(input.receivers['otlp-http'], '')}`] : []),
    '',
    '  Query',
    `    ${pad('Jaeger API v1')}${query}/api/traces?service=<name>   (services: ${query}/api/services)`,
    `    ${pad('Jaeger API v3')}${query}/api/v3/services, ${query}/api/v3/traces/<trace id>`,
    `    ${pad('Jaeger UI, Grafana')}use ${query} as the Jaeger query URL`,
    '',
    `  ${pad('Sampling')}  ${sampling}   (gRPC ${host}:${input.samplingGrpcPort})`,
    `  ${pad('Admin')}  ${admin}, /health, /ready`,
    '',
  ];
  const fields: Record<string, string> = Object.fromEntries(ingest.map(([name, , address]) => [name, address]));
  Object.assign(fields, { query, sampling: http(input.samplingHttpPort, '/sampling'), samplingGrpc: `${host}:${input.samplingGrpcPort}`, admin, storage: input.storage });
  return { text: `${lines.join('\n')}\n`, fields };
}

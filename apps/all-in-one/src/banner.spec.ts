import { startupBanner } from './banner';

describe('startupBanner', () => {
  const input = {
    listenHost: '0.0.0.0',
    receivers: { 'otlp-grpc': 4317, 'otlp-http': 4318, 'zipkin-http': 9411 },
    queryPort: 16686,
    queryBasePath: '',
    samplingHttpPort: 5778,
    samplingGrpcPort: 5779,
    adminPort: 14269,
    storage: 'memory',
  };

  it('says where to send spans, where to query, sampling and admin, on addresses a local client reaches', () => {
    const { text, fields } = startupBanner(input);
    for (const line of [
      'OTLP/gRPC           127.0.0.1:4317',
      'OTLP/HTTP           http://127.0.0.1:4318/v1/traces',
      'Zipkin              http://127.0.0.1:9411/api/v2/spans',
      'OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318',
      'http://127.0.0.1:16686/api/traces?service=<name>',
      'http://127.0.0.1:5778/sampling?service=<name>   (gRPC 127.0.0.1:5779)',
      'http://127.0.0.1:14269/metrics, /health, /ready',
    ]) {
      expect(text).toContain(line);
    }
    expect(text).not.toContain('Jaeger gRPC'); // not enabled
    expect(fields).toMatchObject({ 'otlp-http': 'http://127.0.0.1:4318/v1/traces', query: 'http://127.0.0.1:16686', sampling: 'http://127.0.0.1:5778/sampling', admin: 'http://127.0.0.1:14269/metrics' });
  });

  it('puts the query base path into the query URLs', () => {
    expect(startupBanner({ ...input, listenHost: '127.0.0.1', queryBasePath: '/jaeger' }).text).toContain('http://127.0.0.1:16686/jaeger/api/traces?service=<name>');
  });
});

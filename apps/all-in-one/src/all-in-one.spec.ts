import { Writable } from 'node:stream';
import { createLogger } from '@waymark/platform';
import { traceIdFromHex } from '@waymark/span-model';
import type { TraceId } from '@waymark/span-model';
import { loadAllInOneConfig } from './config';
import { createAllInOne } from './all-in-one';

const silent = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

describe('all-in-one', () => {
  it('stores spans posted to OTLP/HTTP in memory and acknowledges only then', async () => {
    const ports = { OTLP_GRPC_PORT: '0', OTLP_HTTP_PORT: '0', JAEGER_GRPC_PORT: '0', JAEGER_THRIFT_HTTP_PORT: '0', ZIPKIN_HTTP_PORT: '0', ADMIN_PORT: '0' };
    const app = createAllInOne(loadAllInOneConfig({ ...ports, MEMORY_MAX_TRACES: '10' }), { logger: silent });
    await app.lifecycle.start();
    try {
      const body = {
        resourceSpans: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }] },
            scopeSpans: [{ spans: [{ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'GET /cart', kind: 2, startTimeUnixNano: String(Date.now() * 1e6), endTimeUnixNano: String(Date.now() * 1e6 + 1e6) }] }],
          },
        ],
      };
      const response = await fetch(`http://127.0.0.1:${app.receivers.port('otlp-http')}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(200);
      const trace = await app.store.getTrace(traceIdFromHex('5b8efff798038103d269b633813fc60c') as TraceId);
      expect(trace?.spans.map((span) => [span.resource.serviceName, span.name, span.kind])).toEqual([['checkout', 'GET /cart', 'server']]);
    } finally {
      await app.lifecycle.stop();
    }
  });
});

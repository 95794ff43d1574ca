import { Writable } from 'node:stream';
import { jaegerApiV2 } from '@waymark/idl';
import { createLogger } from '@waymark/platform';
import { createSamplingHttpServer, fromProtoBytes, probabilisticStrategy } from '@waymark/sampling';
import type { SamplingHttpServer } from '@waymark/sampling';
import { createElasticsearchClient, EsSamplingStore } from '@waymark/storage-elasticsearch';
import { elasticsearchUrl, uniqueName } from '@waymark/test-infra';
import { startCollector } from './support/collector-under-test';
import type { CollectorUnderTest } from './support/collector-under-test';
import { grpcUnary } from './support/grpc-call';
import { post, PROTOBUF } from './support/http-post';
import { traceRequest } from './support/otlp-requests';

const logger = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const GET_STRATEGY = '/jaeger.api_v2.SamplingManager/GetSamplingStrategy';
const params = (serviceName: string) => jaegerApiV2.SamplingStrategyParameters.encode({ serviceName }).finish();

/**
 * The collector's part of remote sampling: Jaeger v1's sampling locations answered by delegating
 * to a sampling manager (a real libs/sampling HTTP server), and the throughput feed, written to
 * the real Elasticsearch sampling store.
 */
describe('collector: sampling delegation and throughput feed', () => {
  const prefix = uniqueName('collector-sampling');
  const es = createElasticsearchClient({ nodes: [elasticsearchUrl()], requestTimeoutMs: 30_000 });
  let manager: SamplingHttpServer;
  let collector: CollectorUnderTest;

  beforeAll(async () => {
    manager = createSamplingHttpServer({ host: '127.0.0.1', port: 0, logger, provider: { getStrategy: (service) => probabilisticStrategy(service === 'checkout' ? 0.3 : 0.001) } });
    await manager.start();
    collector = await startCollector('sampling', {
      SAMPLING_MANAGER_URL: `http://127.0.0.1:${manager.port}`,
      SAMPLING_MANAGER_TIMEOUT: '500ms',
      SAMPLING_THROUGHPUT_ENABLED: 'true',
      SAMPLING_THROUGHPUT_FLUSH_INTERVAL: '200ms',
      ELASTICSEARCH_URL: elasticsearchUrl(),
      ES_INDEX_PREFIX: prefix,
    });
  });
  afterAll(async () => {
    await collector?.stop();
    await manager?.stop();
    await es.indices.delete({ index: `${prefix}-*`, ignore_unavailable: true, allow_no_indices: true });
    await es.indices.deleteIndexTemplate({ name: `${prefix}-*` }, { ignore: [404] });
    await es.close();
  });

  it('answers GET :14268/api/sampling and gRPC :14250 GetSamplingStrategy with the sampling manager\'s strategy', async () => {
    const answer = await fetch(collector.url('jaeger-thrift-http', '/api/sampling?service=checkout'));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.3 } });
    const grpc = await grpcUnary(collector.address('jaeger-grpc'), GET_STRATEGY, params('checkout'));
    expect(grpc.code).toBe(0);
    expect(fromProtoBytes(grpc.response as Buffer)).toEqual({ strategyType: 'PROBABILISTIC', probabilisticSampling: { samplingRate: 0.3 } });
    expect((await fetch(collector.url('jaeger-thrift-http', '/api/sampling'))).status).toBe(400);
    expect((await grpcUnary(collector.address('jaeger-grpc'), GET_STRATEGY, params(''))).code).toBe(3);
  });

  it('counts the root spans of accepted requests and publishes them to the sampling store', async () => {
    const service = uniqueName('svc');
    const { body } = traceRequest(3, service);
    expect((await post(collector.url('otlp-http', '/v1/traces'), body, PROTOBUF)).status).toBe(200);
    const store = new EsSamplingStore({ client: es, indexPrefix: prefix, createTemplates: false, indexSettings: { shards: 1, replicas: 0 } });
    const deadline = Date.now() + 10_000;
    let counted: number | undefined;
    while (Date.now() < deadline && counted === undefined) {
      // A search racing the creation of the day's index fails retryably (no shard yet): ask again.
      counted = (await store.getThroughput(0, Date.now() + 1000).catch(() => [])).find((t) => t.service === service)?.count;
      if (counted === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(counted).toBe(3);
  });

  it('answers 503 + Retry-After / UNAVAILABLE, never a made-up strategy, while the sampling manager is down', async () => {
    await manager.stop();
    const answer = await fetch(collector.url('jaeger-thrift-http', '/api/sampling?service=checkout'));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect((await grpcUnary(collector.address('jaeger-grpc'), GET_STRATEGY, params('checkout'))).code).toBe(14);
  });
});

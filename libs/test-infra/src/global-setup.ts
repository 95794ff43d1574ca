import { existsSync } from 'node:fs';
import { infraScript } from './local-infra';

/**
 * Jest global setup for integration tests. In order of preference:
 * 1. KAFKA_BROKERS / ELASTICSEARCH_URL already set: use them as they are;
 * 2. a Docker engine answers: start Kafka and Elasticsearch with testcontainers;
 * 3. otherwise: start the real JVMs of deploy/local/infra.sh once for the whole run.
 * What this run started, it stops in global teardown; what was already running stays running.
 */
interface InfraState {
  stopLocal: boolean;
  stopContainers: Array<() => Promise<unknown>>;
}

declare global {
  var __WAYMARK_INFRA__: InfraState | undefined;
}

function dockerLikely(): boolean {
  return Boolean(process.env['DOCKER_HOST']) || existsSync('/var/run/docker.sock');
}

async function startContainers(state: InfraState): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
  } catch {
    return false;
  }
  const { KafkaContainer } = await import('@testcontainers/kafka');
  const { ElasticsearchContainer } = await import('@testcontainers/elasticsearch');
  console.error('[test-infra] Docker engine found: starting Kafka and Elasticsearch with testcontainers');
  const [kafka, es] = await Promise.all([
    new KafkaContainer('confluentinc/cp-kafka:7.7.1').withKraft().withExposedPorts(9093).start(),
    new ElasticsearchContainer('docker.elastic.co/elasticsearch/elasticsearch:8.15.3')
      .withEnvironment({ 'xpack.security.enabled': 'false', ES_JAVA_OPTS: '-Xms512m -Xmx1g' })
      .start(),
  ]);
  process.env['KAFKA_BROKERS'] = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
  process.env['ELASTICSEARCH_URL'] = es.getHttpUrl();
  process.env['WAYMARK_INFRA_MODE'] = 'containers';
  state.stopContainers.push(() => kafka.stop(), () => es.stop());
  return true;
}

// Jest loads global setup and teardown through a default export.
// eslint-disable-next-line no-restricted-syntax
export default async function globalSetup(): Promise<void> {
  const state: InfraState = { stopLocal: false, stopContainers: [] };
  globalThis.__WAYMARK_INFRA__ = state;

  if (process.env['KAFKA_BROKERS'] && process.env['ELASTICSEARCH_URL']) {
    process.env['WAYMARK_INFRA_MODE'] ??= 'external';
    console.error(`[test-infra] using KAFKA_BROKERS=${process.env['KAFKA_BROKERS']} ELASTICSEARCH_URL=${process.env['ELASTICSEARCH_URL']}`);
    return;
  }
  if (dockerLikely() && (await startContainers(state))) return;

  const alreadyUp = (await infraScript('status', undefined, true)) === 0;
  if (!alreadyUp) {
    console.error('[test-infra] starting real Kafka and Elasticsearch (deploy/local/infra.sh up)');
    const code = await infraScript('up');
    if (code !== 0) throw new Error(`deploy/local/infra.sh up failed with exit code ${code}; see its logs under deploy/local/.state/`);
    state.stopLocal = true;
  } else {
    console.error('[test-infra] reusing the Kafka and Elasticsearch that deploy/local/infra.sh already runs');
  }
  process.env['KAFKA_BROKERS'] ??= `127.0.0.1:${process.env['KAFKA_PORT'] ?? '9092'}`;
  process.env['ELASTICSEARCH_URL'] ??= `http://127.0.0.1:${process.env['ES_HTTP_PORT'] ?? '9200'}`;
  process.env['WAYMARK_INFRA_MODE'] = 'local';
}

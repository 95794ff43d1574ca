import { infraScript } from './local-infra';
import type { InfraService } from './local-infra';

/**
 * Stops and restarts a real dependency, for failure tests (Kafka down during intake,
 * Elasticsearch down during consumption). Possible when the run started the infrastructure
 * itself (`WAYMARK_INFRA_MODE=local`); brokers given through KAFKA_BROKERS / ELASTICSEARCH_URL
 * belong to someone else and are never stopped.
 */
export function canControlInfra(): boolean {
  return process.env['WAYMARK_INFRA_MODE'] === 'local';
}

async function run(command: 'up' | 'down', service: InfraService): Promise<void> {
  if (!canControlInfra()) throw new Error(`cannot ${command} ${service}: the test run did not start the infrastructure (WAYMARK_INFRA_MODE=${process.env['WAYMARK_INFRA_MODE'] ?? 'unset'})`);
  const code = await infraScript(command, service, true);
  if (code !== 0) throw new Error(`deploy/local/infra.sh ${command} ${service} exited with ${code}`);
}

export const stopInfra = (service: InfraService) => run('down', service);
export const startInfra = (service: InfraService) => run('up', service);

export { elasticsearchUrl, kafkaBrokers, uniqueName } from './endpoints';
export { canControlInfra, startInfra, stopInfra } from './infra-control';
export type { InfraService } from './local-infra';

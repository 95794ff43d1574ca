export { elasticsearchUrl, kafkaBrokers, uniqueName } from './endpoints';
export { canControlInfra, startInfra, stopInfra } from './infra-control';
export type { InfraService } from './local-infra';
export { freePort, startAppBundle } from './app-bundle';
export type { AppBundle, AppBundleOptions } from './app-bundle';

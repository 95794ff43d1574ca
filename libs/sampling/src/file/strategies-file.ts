import type { OperationSamplingStrategy, PerOperationSamplingStrategies, SamplingStrategyResponse } from '../strategy';
import { probabilisticStrategy, rateLimitingStrategy } from '../strategy';

/** The strategies of one file: the default and one per service. */
export interface StrategyTable {
  readonly defaultStrategy: SamplingStrategyResponse;
  readonly services: ReadonlyMap<string, SamplingStrategyResponse>;
}

/** A strategies file that cannot be used; `message` says where and why. */
export class StrategiesFileError extends Error {
  override readonly name = 'StrategiesFileError';
}

const MAX_RATE_LIMIT = 2 ** 31 - 1;

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The strategy table when no file is configured: every service gets `probabilistic(defaultProbability)`. */
export const defaultStrategyTable = (defaultProbability: number): StrategyTable => ({ defaultStrategy: probabilisticStrategy(defaultProbability), services: new Map() });

/**
 * Parses and validates a strategies file in Jaeger's format (J2:internal/sampling/samplingstrategy/file)
 * and builds what Jaeger builds from it:
 *
 * - `default_strategy` (absent → probabilistic `defaultProbability`) answers unknown services;
 * - each service's operation strategies get `defaultSamplingProbability` = the service's
 *   probabilistic rate (else `defaultProbability`), and `default_strategy.operation_strategies`
 *   are merged into every service (the service's own win on a clash; jaeger#5270);
 * - a probabilistic service without operation strategies inherits the default's operation
 *   strategies with its own rate as their default.
 *
 * Stricter than Jaeger, which silently replaces what it does not understand: an unknown `type`,
 * a probability outside [0, 1], a fractional or negative rate limit, an operation-level
 * `ratelimiting` (Jaeger drops it with a warning), a service listed twice or without a name
 * make the whole file invalid, so a typo is seen at once instead of sampling at 0.1 %.
 */
export function parseStrategiesFile(text: string, defaultProbability: number): StrategyTable {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new StrategiesFileError(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(root)) throw new StrategiesFileError('the file must hold a JSON object');
  const unknownKeys = Object.keys(root).filter((key) => key !== 'default_strategy' && key !== 'service_strategies');
  if (unknownKeys.length > 0) throw new StrategiesFileError(`unknown top-level key(s): ${unknownKeys.join(', ')}; expected default_strategy, service_strategies`);

  const defaultStrategy = root['default_strategy'] === undefined ? probabilisticStrategy(defaultProbability) : parseServiceStrategy(root['default_strategy'], 'default_strategy', defaultProbability);
  const services = new Map<string, SamplingStrategyResponse>();
  const list = root['service_strategies'] ?? [];
  if (!Array.isArray(list)) throw new StrategiesFileError('service_strategies must be an array');
  list.forEach((entry: unknown, index) => {
    const where = `service_strategies[${index}]`;
    if (!isObject(entry) || typeof entry['service'] !== 'string' || entry['service'] === '') throw new StrategiesFileError(`${where}: "service" must be a non-empty string`);
    const service = entry['service'];
    if (services.has(service)) throw new StrategiesFileError(`${where}: service "${service}" is listed twice`);
    services.set(service, mergeDefaultOperations(parseServiceStrategy(entry, `${where} (${service})`, defaultProbability), defaultStrategy));
  });
  return { defaultStrategy, services };
}

function parseServiceStrategy(value: unknown, where: string, defaultProbability: number): SamplingStrategyResponse {
  if (!isObject(value)) throw new StrategiesFileError(`${where}: must be an object`);
  const strategy = parseTypeAndParam(value, where);
  const operations = value['operation_strategies'];
  if (operations === undefined) return strategy;
  if (!Array.isArray(operations)) throw new StrategiesFileError(`${where}: operation_strategies must be an array`);
  if (operations.length === 0) return strategy;
  const seen = new Set<string>();
  const perOperationStrategies = operations.map((op: unknown, index): OperationSamplingStrategy => {
    const opWhere = `${where}.operation_strategies[${index}]`;
    if (!isObject(op) || typeof op['operation'] !== 'string' || op['operation'] === '') throw new StrategiesFileError(`${opWhere}: "operation" must be a non-empty string`);
    if (seen.has(op['operation'])) throw new StrategiesFileError(`${opWhere}: operation "${op['operation']}" is listed twice`);
    seen.add(op['operation']);
    const parsed = parseTypeAndParam(op, opWhere);
    if (!parsed.probabilisticSampling) throw new StrategiesFileError(`${opWhere}: operation strategies can only be probabilistic (Jaeger's proto has no per-operation rate limit)`);
    return { operation: op['operation'], probabilisticSampling: parsed.probabilisticSampling };
  });
  const operationSampling: PerOperationSamplingStrategies = {
    defaultSamplingProbability: strategy.probabilisticSampling?.samplingRate ?? defaultProbability,
    defaultLowerBoundTracesPerSecond: 0,
    perOperationStrategies,
    defaultUpperBoundTracesPerSecond: 0,
  };
  return { ...strategy, operationSampling };
}

function parseTypeAndParam(value: Json, where: string): SamplingStrategyResponse {
  const type = value['type'];
  const param = value['param'];
  if (typeof param !== 'number' || !Number.isFinite(param)) throw new StrategiesFileError(`${where}: "param" must be a number`);
  if (type === 'probabilistic') {
    if (param < 0 || param > 1) throw new StrategiesFileError(`${where}: probabilistic "param" must be within [0, 1], got ${param}`);
    return probabilisticStrategy(param);
  }
  if (type === 'ratelimiting') {
    if (!Number.isInteger(param) || param < 0 || param > MAX_RATE_LIMIT) {
      throw new StrategiesFileError(`${where}: ratelimiting "param" must be a whole number of traces per second (int32 in Jaeger's proto; jaeger#2543), got ${param}`);
    }
    return rateLimitingStrategy(param);
  }
  throw new StrategiesFileError(`${where}: "type" must be "probabilistic" or "ratelimiting", got ${JSON.stringify(type)}`);
}

/** Jaeger's merge of `default_strategy.operation_strategies` into a service's strategy. */
function mergeDefaultOperations(service: SamplingStrategyResponse, defaults: SamplingStrategyResponse): SamplingStrategyResponse {
  const defaultOps = defaults.operationSampling;
  if (!defaultOps) return service;
  const own = service.operationSampling;
  if (!own) {
    if (!service.probabilisticSampling) return service;
    return { ...service, operationSampling: { ...defaultOps, defaultSamplingProbability: service.probabilisticSampling.samplingRate } };
  }
  const names = new Set(own.perOperationStrategies.map((op) => op.operation));
  return {
    ...service,
    operationSampling: { ...own, perOperationStrategies: [...own.perOperationStrategies, ...defaultOps.perOperationStrategies.filter((op) => !names.has(op.operation))] },
  };
}

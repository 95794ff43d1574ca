import { WaymarkError } from './errors';

/** Longer service names are refused: no SDK sends them, and they would only grow caches. */
export const MAX_SERVICE_NAME_LENGTH = 512;

/** Jaeger's answer when `service` is missing or repeated (J1:pkg/clientcfg/clientcfghttp). */
export const SERVICE_PARAMETER_MESSAGE = "'service' parameter must be provided once";

/**
 * The `service` of a remote-sampling request (HTTP `?service=` or gRPC `serviceName`), or a
 * WaymarkError `invalid-argument` (400 / INVALID_ARGUMENT): missing, repeated, empty, longer than
 * MAX_SERVICE_NAME_LENGTH, or holding control characters. One implementation for every place that
 * answers or forwards a sampling request (the sampling manager, the collector's delegate, the
 * all-in-one), so a client gets the same answer whichever port it asks.
 */
export function validateServiceName(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new WaymarkError('invalid-argument', SERVICE_PARAMETER_MESSAGE);
  if (value.length > MAX_SERVICE_NAME_LENGTH) throw new WaymarkError('invalid-argument', `'service' is longer than ${MAX_SERVICE_NAME_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw new WaymarkError('invalid-argument', "'service' contains control characters");
  return value;
}

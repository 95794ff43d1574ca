/**
 * Zipkin has no resource: OTel exporters flatten resource attributes into every span's tags
 * (@opentelemetry/exporter-zipkin, OTCC's zipkin exporter). OTCC's receiver moves the tags whose
 * keys are resource semantic-convention names back to the resource (`nonSpanAttributes`, from
 * semconv's `GetResourceSemanticConventionAttributeNames`). This is that list, condensed: the
 * namespaces that semconv defines only for resources, plus the exact names OTCC adds.
 */
const RESOURCE_NAMESPACES = [
  'service.',
  'telemetry.sdk.',
  'telemetry.distro.',
  'host.',
  'os.',
  'process.',
  'container.',
  'k8s.',
  'cloud.',
  'device.',
  'browser.',
  'webengine.',
  'aws.ecs.',
  'aws.eks.',
  'aws.log.',
  'heroku.',
  'gcp.cloud_run.',
  'gcp.gce.',
] as const;

const RESOURCE_KEYS = new Set([
  'telemetry.auto.version',
  'deployment.environment',
  'deployment.environment.name',
  'faas.id',
  'faas.name',
  'faas.version',
  'faas.instance',
  'faas.max_memory',
  'opencensus.starttime',
  'opencensus.exporterversion',
  'opencensus.resourcetype',
]);

/** True when a Zipkin tag with this key describes the resource rather than the span. */
export function isResourceTag(key: string): boolean {
  if (RESOURCE_KEYS.has(key)) return true;
  for (const prefix of RESOURCE_NAMESPACES) if (key.startsWith(prefix)) return true;
  return false;
}

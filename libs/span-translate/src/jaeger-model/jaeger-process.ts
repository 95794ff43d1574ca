import type { Resource } from '@waymark/span-model';
import { attributeToJaegerTag } from './attribute-tag';
import type { JaegerProcess, JaegerTag } from './jaeger-view';

const SERVICE_NAME = 'service.name';

/**
 * The index of the attribute that `serviceName` stands for: the first `service.name` attribute
 * whose string value equals the service name; -1 when there is none (a sanitizer renamed the
 * service, the attribute is missing or not a string).
 */
export function serviceNameAttributeIndex(resource: Resource): number {
  return resource.attributes.findIndex((a) => a.key === SERVICE_NAME && a.value.type === 'string' && a.value.value === resource.serviceName);
}

/**
 * A resource as a Jaeger process: `serviceName`, and every attribute except the one the service
 * name stands for as a tag, in order. Unlike OTCC, which drops every `service.name` attribute, a
 * `service.name` that disagrees with the service name (e.g. a non-string one a sanitizer
 * replaced) stays visible as a process tag.
 */
export function resourceToJaegerProcess(resource: Resource): JaegerProcess {
  const skip = serviceNameAttributeIndex(resource);
  const tags: JaegerTag[] = [];
  resource.attributes.forEach((a, i) => {
    if (i !== skip) tags.push(attributeToJaegerTag(a.key, a.value));
  });
  return { serviceName: resource.serviceName, tags };
}

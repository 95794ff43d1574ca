import { stringValue } from '@waymark/span-model';
import type { Attribute, Resource } from '@waymark/span-model';
import type { JaegerProcessRecord } from './jaeger-record';
import type { ResourceCache } from './shared-cache';

/** The service name OTCC's reverse translator writes for a resource without `service.name`. */
export const NO_SERVICE_NAME = 'OTLPResourceNoServiceName';

/**
 * A Jaeger process as a Resource, following OTCC `jProcessToInternalResource`:
 * - `serviceName` → `service.name` first, then the process tags in order. An empty name, or OTCC's
 *   placeholder `OTLPResourceNoServiceName`, adds no `service.name` (the sanitizer then names it
 *   `missing-service-name`); unlike OTCC, the tags of such a process are kept.
 * - tag `hostname` → `host.name` unless `host.name` is present;
 * - tag `jaeger.version` → `opencensus.exporterversion` = `Jaeger-<version>` unless that is present.
 * A batch without any process gives a resource with an empty service name and no attributes.
 * With a cache, equal processes give the same Resource object.
 */
export function processToResource(process: JaegerProcessRecord | undefined, cache?: ResourceCache): Resource {
  if (!process) return newResource('', [], cache);
  const serviceName = process.serviceName === NO_SERVICE_NAME ? '' : process.serviceName;
  const attributes: Attribute[] = serviceName === '' ? [] : [{ key: 'service.name', value: stringValue(serviceName) }];
  const hasKey = (key: string) => process.tags.some((tag) => tag.key === key);
  const renameHostname = !hasKey('host.name');
  const renameVersion = !hasKey('opencensus.exporterversion');
  for (const tag of process.tags) {
    if (tag.key === 'hostname' && renameHostname) {
      attributes.push({ key: 'host.name', value: tag.value });
    } else if (tag.key === 'jaeger.version' && renameVersion && tag.value.type === 'string') {
      attributes.push({ key: 'opencensus.exporterversion', value: stringValue(`Jaeger-${tag.value.value}`) });
    } else {
      attributes.push(tag);
    }
  }
  return newResource(serviceName, attributes, cache);
}

function newResource(serviceName: string, attributes: readonly Attribute[], cache: ResourceCache | undefined): Resource {
  return cache ? cache.get(serviceName, attributes) : { serviceName, attributes, droppedAttributesCount: 0, schemaUrl: '' };
}

import { attributeValueToString, EMPTY_SCOPE } from '@waymark/span-model';
import type { Attribute, InstrumentationScope, Resource } from '@waymark/span-model';

/** An unambiguous text key for a list of attributes (type included, so `1` and `"1"` differ). */
export function attributesKey(attributes: readonly Attribute[]): string {
  return JSON.stringify(attributes.map((a) => [a.key, a.value.type, attributeValueToString(a.value)]));
}

/**
 * One Resource object per distinct content within a request. The model compares resources by
 * identity to group spans again (OTLP ResourceSpans, Kafka batches), so equal processes must
 * share one object, whichever span carried them.
 */
export class ResourceCache {
  private readonly byKey = new Map<string, Resource>();

  get(serviceName: string, attributes: readonly Attribute[]): Resource {
    const key = `${serviceName}\n${attributesKey(attributes)}`;
    let resource = this.byKey.get(key);
    if (!resource) {
      resource = { serviceName, attributes, droppedAttributesCount: 0, schemaUrl: '' };
      this.byKey.set(key, resource);
    }
    return resource;
  }

  /** Makes `get` return this resource for its content (a resource built before the cache was needed). */
  seed(resource: Resource): void {
    const key = `${resource.serviceName}\n${attributesKey(resource.attributes)}`;
    if (!this.byKey.has(key)) this.byKey.set(key, resource);
  }
}

/** One InstrumentationScope object per (name, version) within a request; EMPTY_SCOPE when there is none. */
export class ScopeCache {
  private readonly byKey = new Map<string, InstrumentationScope>();

  get(scope: { readonly name: string; readonly version: string } | undefined): InstrumentationScope {
    if (!scope) return EMPTY_SCOPE;
    const key = JSON.stringify([scope.name, scope.version]);
    let cached = this.byKey.get(key);
    if (!cached) {
      cached = { name: scope.name, version: scope.version, attributes: [], droppedAttributesCount: 0, schemaUrl: '' };
      this.byKey.set(key, cached);
    }
    return cached;
  }
}

import type { InstrumentationScope, Resource } from '@waymark/span-model';
import { encodeAttributes } from './typed-value';

/**
 * One Resource and one InstrumentationScope object per distinct content among the documents of
 * one read: the model groups spans by the identity of these objects (OTLP ResourceSpans).
 */
export class SharedParts {
  private readonly resources = new Map<string, Resource>();
  private readonly scopes = new Map<string, InstrumentationScope>();

  resource(resource: Resource): Resource {
    const key = JSON.stringify([resource.serviceName, encodeAttributes(resource.attributes), resource.droppedAttributesCount, resource.schemaUrl]);
    return this.intern(this.resources, key, resource);
  }

  scope(scope: InstrumentationScope): InstrumentationScope {
    const key = JSON.stringify([scope.name, scope.version, encodeAttributes(scope.attributes), scope.droppedAttributesCount, scope.schemaUrl]);
    return this.intern(this.scopes, key, scope);
  }

  private intern<T>(map: Map<string, T>, key: string, value: T): T {
    const existing = map.get(key);
    if (existing) return existing;
    map.set(key, value);
    return value;
  }
}

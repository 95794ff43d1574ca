import type { Attribute, Resource, Span } from '@waymark/span-model';
import { makeSpan, resourceFor } from '@waymark/storage-testing';
import { createServiceNameSanitizer } from './service-name-sanitizer';

const withResource = (attributes: Attribute[], serviceName = ''): Span => ({ ...makeSpan(), resource: { serviceName, attributes, droppedAttributesCount: 0, schemaUrl: '' } });

describe('createServiceNameSanitizer', () => {
  it('returns spans with a service name unchanged', () => {
    const span = makeSpan({ service: 'checkout' });
    expect(createServiceNameSanitizer()(span)).toBe(span);
  });

  it.each([
    ['missing', [{ key: 'host.name', value: { type: 'string', value: 'h' } }], 'missing-service-name', 'missing-service-name: resource has no service.name; set to "missing-service-name"'],
    ['empty', [{ key: 'service.name', value: { type: 'string', value: '' } }], 'empty-service-name', 'empty-service-name: service.name is empty; set to "empty-service-name"'],
    ['not a string', [{ key: 'service.name', value: { type: 'int', value: 7n } }], 'service-name-wrong-type', 'service-name-wrong-type: service.name is a int ("7"); set to "service-name-wrong-type"'],
  ] as [string, Attribute[], string, string][])('names a %s service with Jaeger v2’s placeholder', (_, attributes, name, warning) => {
    const out = createServiceNameSanitizer()(withResource(attributes));
    expect(out.resource.serviceName).toBe(name);
    expect(out.resource.attributes.find((a) => a.key === 'service.name')?.value).toEqual({ type: 'string', value: name });
    expect(out.resource.attributes).toHaveLength(attributes.some((a) => a.key === 'service.name') ? attributes.length : attributes.length + 1);
    expect(out.warnings).toEqual([warning]);
  });

  it('copies a resource once and shares the copy between its spans', () => {
    const sanitize = createServiceNameSanitizer();
    const a = withResource([]);
    const b = { ...makeSpan(), resource: a.resource };
    const [outA, outB] = [sanitize(a), sanitize(b)];
    expect(outA.resource).toBe(outB.resource);
    expect(outA.resource).not.toBe(a.resource);
  });

  it('aligns a serviceName field that disagrees with the attribute, without a warning', () => {
    const resource: Resource = { ...resourceFor('real'), serviceName: 'stale' };
    const out = createServiceNameSanitizer()({ ...makeSpan(), resource });
    expect(out.resource.serviceName).toBe('real');
    expect(out.warnings).toEqual([]);
  });
});

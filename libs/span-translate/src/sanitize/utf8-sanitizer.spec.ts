import { findAttribute } from '@waymark/span-model';
import type { InstrumentationScope, Span } from '@waymark/span-model';
import { makeSpan, resourceFor } from '@waymark/storage-testing';
import { decodeUtf8Escaped, originalBytes } from './lossless-utf8';
import { createUtf8Sanitizer } from './utf8-sanitizer';

const BAD = decodeUtf8Escaped(Uint8Array.of(0x63, 0x61, 0x66, 0xe9)); // Latin-1 "café" sent as UTF-8
const bytesOf = (span: Span, key: string) => {
  const value = findAttribute(span.attributes, key);
  return value?.type === 'bytes' ? [...value.value] : undefined;
};

describe('createUtf8Sanitizer', () => {
  it('returns the same span when every string is valid', () => {
    const span = makeSpan({ name: 'GET 🚀', attributes: { 'a.b': 'é' } });
    expect(createUtf8Sanitizer()(span)).toBe(span);
  });

  it('repairs the span name, keeping the original bytes in invalid-span-name', () => {
    const out = createUtf8Sanitizer()({ ...makeSpan(), name: BAD });
    expect(out.name).toBe('caf\uFFFD');
    expect(bytesOf(out, 'invalid-span-name')).toEqual([0x63, 0x61, 0x66, 0xe9]);
    expect(out.warnings).toEqual(['invalid-utf8: replaced invalid UTF-8 with U+FFFD in span name; original bytes kept in invalid-span-name']);
  });

  it('repairs attribute keys and values (nested too) and keeps originals as key:value bytes', () => {
    const span: Span = {
      ...makeSpan(),
      attributes: [
        { key: 'ok', value: { type: 'string', value: 'fine' } },
        { key: BAD, value: { type: 'int', value: 1n } },
        { key: 'v', value: { type: 'string', value: BAD } },
        { key: 'arr', value: { type: 'array', value: [{ type: 'string', value: '\ud800' }] } },
      ],
    };
    const out = createUtf8Sanitizer()(span);
    expect(out.attributes.map((a) => a.key)).toEqual(['ok', 'caf\uFFFD', 'v', 'arr', 'invalid-tag-key-1', 'invalid-tag-value-2']);
    expect(findAttribute(out.attributes, 'v')).toEqual({ type: 'string', value: 'caf\uFFFD' });
    expect(findAttribute(out.attributes, 'arr')).toEqual({ type: 'array', value: [{ type: 'string', value: '\uFFFD' }] });
    expect(bytesOf(out, 'invalid-tag-key-1')).toEqual([...originalBytes(`${BAD}:1`)]);
    expect(bytesOf(out, 'invalid-tag-value-2')).toEqual([...originalBytes(`v:${BAD}`)]);
    expect(out.warnings[0]).toBe(
      'invalid-utf8: replaced invalid UTF-8 with U+FFFD in attribute key, attribute value, nested attribute value; original bytes kept in invalid-tag-key-1, invalid-tag-value-2',
    );
  });

  it('clears an invalid trace state and repairs the status message, events and links', () => {
    const base = makeSpan();
    const link = { traceId: base.traceId, spanId: base.spanId, traceState: '\udc00', attributes: [], droppedAttributesCount: 0, flags: 0 };
    const out = createUtf8Sanitizer()({
      ...base,
      traceState: 'k=\ud800',
      status: { code: 'error', message: BAD },
      events: [{ timeUnixNano: 1n, name: BAD, attributes: [], droppedAttributesCount: 0 }],
      links: [link],
    });
    expect([out.traceState, out.status.message]).toEqual(['', 'caf\uFFFD']);
    expect(out.attributes.map((a) => a.key)).toEqual(['invalid-status-message', 'invalid-trace-state']);
    expect(out.events[0]?.name).toBe('caf\uFFFD');
    expect(out.events[0]?.attributes.map((a) => a.key)).toEqual(['invalid-event-name']);
    expect(out.links[0]).toMatchObject({ traceState: '', attributes: [{ key: 'invalid-trace-state' }] });
  });

  it('repairs a resource once and shares the repaired object between its spans', () => {
    const resource = { ...resourceFor('svc'), attributes: [{ key: 'service.name', value: { type: 'string', value: BAD } }], serviceName: BAD } as const;
    const sanitize = createUtf8Sanitizer();
    const a = sanitize({ ...makeSpan(), resource });
    const b = sanitize({ ...makeSpan(), resource });
    expect(a.resource).toBe(b.resource);
    expect(a.resource.serviceName).toBe('caf\uFFFD');
    expect(a.resource.attributes.map((x) => x.key)).toEqual(['service.name', 'invalid-tag-value-1']);
    expect(a.warnings[0]).toContain('resource attribute value');
  });

  it('repairs scope name and version and a scope schema URL', () => {
    const scope: InstrumentationScope = { name: BAD, version: '\ud800', attributes: [], droppedAttributesCount: 0, schemaUrl: '\udfff' };
    const out = createUtf8Sanitizer()({ ...makeSpan(), scope });
    expect(out.scope).toMatchObject({ name: 'caf\uFFFD', version: '\uFFFD', schemaUrl: '' });
    expect(out.scope.attributes.map((a) => a.key)).toEqual(['invalid-scope-name', 'invalid-scope-version', 'invalid-schema-url']);
  });
});

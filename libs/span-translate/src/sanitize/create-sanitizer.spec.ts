import fc from 'fast-check';
import type { Span } from '@waymark/span-model';
import { makeSpan, spanBatchArb } from '@waymark/storage-testing';
import { createSanitizer } from './create-sanitizer';
import { isWellFormed } from './lossless-utf8';

const NOW = Date.UTC(2025, 0, 1);

describe('createSanitizer', () => {
  it('returns the input array itself when no span needs a change', () => {
    const spans = [makeSpan(), makeSpan()];
    expect(createSanitizer()(spans)).toBe(spans);
  });

  it('applies every sanitizer in order and replaces only the changed spans', () => {
    const good = makeSpan({ startMs: NOW });
    const bad: Span = {
      ...makeSpan({ name: '', startMs: NOW + 3_600_000 }),
      resource: { serviceName: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' },
      attributes: [{ key: 'k', value: { type: 'string', value: '\ud800' } }],
    };
    const sanitize = createSanitizer({ timeWindow: { maxFutureMs: 60_000, maxPastMs: 86_400_000, now: () => NOW }, limits: { maxAttributes: 1 } });
    const [outGood, outBad] = sanitize([good, { ...bad, endTimeUnixNano: bad.startTimeUnixNano - 1n }]) as [Span, Span];
    expect(outGood).toBe(good);
    expect(outBad.warnings.map((w) => w.split(':')[0])).toEqual(['invalid-utf8', 'missing-service-name', 'empty-span-name', 'negative-duration', 'timestamp-out-of-window', 'truncated']);
  });

  it('is idempotent and leaves only well-formed text, for arbitrary batches', () => {
    const sanitize = createSanitizer({ limits: { maxAttributes: 3, maxAttributeValueLength: 5 } });
    fc.assert(
      fc.property(spanBatchArb, (spans) => {
        const once = sanitize(spans);
        expect(once).toHaveLength(spans.length);
        expect(sanitize(once)).toBe(once);
        for (const span of once) {
          expect(isWellFormed(span.name) && isWellFormed(span.resource.serviceName)).toBe(true);
          expect(span.attributes.every((a) => isWellFormed(a.key) && (a.value.type !== 'string' || isWellFormed(a.value.value)))).toBe(true);
          expect(span.endTimeUnixNano >= span.startTimeUnixNano).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('repairs any ill-formed text into well-formed text once, and keeps the original bytes', () => {
    const sanitize = createSanitizer();
    const text = fc.string({ unit: 'binary', maxLength: 8 });
    fc.assert(
      fc.property(text, text, text, (name, key, value) => {
        const span: Span = { ...makeSpan(), name, attributes: [{ key, value: { type: 'string', value } }] };
        const [out] = sanitize([span]) as [Span];
        expect(isWellFormed(out.name) && out.attributes.every((a) => isWellFormed(a.key) && (a.value.type !== 'string' || isWellFormed(a.value.value)))).toBe(true);
        const [again] = sanitize([out]) as [Span];
        expect(again).toBe(out);
        if (!isWellFormed(name)) expect(out.attributes.some((a) => a.key === 'invalid-span-name')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

import type { Span } from '@waymark/span-model';
import { makeSpan, resourceFor } from '@waymark/storage-testing';
import { estimateSpansBytes } from './span-size';

describe('estimateSpansBytes', () => {
  it('grows with names and attribute values, and counts a shared resource once', () => {
    const resource = resourceFor('checkout');
    const small = { ...makeSpan({ name: 'a' }), resource };
    const large: Span = { ...small, name: 'a'.repeat(1001), attributes: [{ key: 'payload', value: { type: 'string', value: 'x'.repeat(5000) } }] };
    expect(estimateSpansBytes([large]) - estimateSpansBytes([small])).toBe(1000 + 8 + 'payload'.length + 5000);

    const one = estimateSpansBytes([small]);
    const shared = estimateSpansBytes([small, small]);
    const own = estimateSpansBytes([small, { ...small, resource: { ...resource } }]);
    expect(own - shared).toBe(estimateSpansBytes([small]) - estimateSpansBytes([{ ...small, resource: { ...resource, serviceName: '', attributes: [] } }]));
    expect(shared).toBeLessThan(2 * one);
  });

  it('is zero for no spans', () => {
    expect(estimateSpansBytes([])).toBe(0);
  });
});

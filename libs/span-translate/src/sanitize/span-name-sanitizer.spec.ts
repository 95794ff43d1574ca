import { makeSpan } from '@waymark/storage-testing';
import { sanitizeEmptySpanName } from './span-name-sanitizer';

describe('sanitizeEmptySpanName', () => {
  it('names an unnamed span empty-span-name, with a warning', () => {
    const out = sanitizeEmptySpanName(makeSpan({ name: '' }));
    expect(out.name).toBe('empty-span-name');
    expect(out.warnings).toEqual(['empty-span-name: span had no name; named "empty-span-name"']);
  });

  it('returns a named span itself, even a blank-looking one', () => {
    const span = makeSpan({ name: ' ' });
    expect(sanitizeEmptySpanName(span)).toBe(span);
  });
});

import { formatFloat, parseEsField, parseEsKeyValue, parseFloatText } from './es-tag-value';
import { fieldNameFor, tagsPolicyProblem, WAYMARK_TAGS_POLICY } from './tags-policy';

describe('stored tag values', () => {
  it("formats floats so Go's ParseFloat and ours read them back exactly", () => {
    expect([0.1, 2, 1e21, 5e-324, -0, NaN, Infinity, -Infinity].map(formatFloat)).toEqual(['0.1', '2', '1e+21', '5e-324', '-0', 'NaN', '+Inf', '-Inf']);
    expect(['0.1', '1e+21', '-0', 'NaN', '+Inf', 'inf', '-Infinity', '72.5', '.5'].map(parseFloatText)).toEqual([0.1, 1e21, -0, NaN, Infinity, Infinity, -Infinity, 72.5, 0.5]);
    expect(['', '1.2.3', '0x1p-2', 'one'].map(parseFloatText)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("reads nested values the way Go's strconv does, within int64", () => {
    expect(parseEsKeyValue({ key: 'b', type: 'bool', value: 'T' })?.tag).toEqual({ key: 'b', type: 'bool', value: true });
    expect(parseEsKeyValue({ key: 'i', type: 'int64', value: '-9223372036854775808' })?.tag).toEqual({ key: 'i', type: 'int64', value: -(2n ** 63n) });
    expect(parseEsKeyValue({ key: 'i', type: 'int64', value: '9223372036854775808' })?.problem).toMatch(/not a valid int64/);
    expect(parseEsKeyValue({ key: 's', value: 'untyped' })?.tag).toEqual({ key: 's', type: 'string', value: 'untyped' });
    expect(parseEsKeyValue({ type: 'string', value: 'no key' })).toBeUndefined();
  });

  it('reads fields by their JSON type; an integral number is an int64 as in Jaeger', () => {
    expect(parseEsField('a@b', 2, '@').tag).toEqual({ key: 'a.b', type: 'int64', value: 2n });
    expect(parseEsField('x', 2.5, '@').tag).toEqual({ key: 'x', type: 'float64', value: 2.5 });
    expect(parseEsField('x', 1e300, '@').tag).toEqual({ key: 'x', type: 'float64', value: 1e300 });
    expect(parseEsField('x', ['a'], '@').problem).toMatch(/not a scalar/);
  });

  it('keeps nested what a field could not give back exactly', () => {
    const policy = WAYMARK_TAGS_POLICY;
    expect(fieldNameFor(policy, { key: 'http.url', type: 'string', value: 'x' })).toBe('http@url');
    expect(fieldNameFor(policy, { key: 'big', type: 'int64', value: 2n ** 53n })).toBeUndefined();
    expect(fieldNameFor(policy, { key: 'ok', type: 'int64', value: 2n ** 53n - 1n })).toBe('ok');
    expect(fieldNameFor(policy, { key: 'nan', type: 'float64', value: NaN })).toBeUndefined();
    expect(fieldNameFor(policy, { key: 'z', type: 'float64', value: -0 })).toBeUndefined();
    expect(fieldNameFor(policy, { key: 'b', type: 'binary', value: new Uint8Array(1) })).toBeUndefined();
    expect(['', '  ', 'a@b', '12', '1.2'].map((key) => fieldNameFor(policy, { key, type: 'bool', value: true }))).toEqual([undefined, undefined, undefined, undefined, '1@2']);
    const include = { allAsFields: false, include: new Set(['error']), dotReplacement: '@' };
    expect(fieldNameFor(include, { key: 'error', type: 'bool', value: true })).toBe('error');
    expect(fieldNameFor(include, { key: 'other', type: 'bool', value: true })).toBeUndefined();
    expect(tagsPolicyProblem({ ...policy, dotReplacement: '.' })).toMatch(/dot replacement/);
    expect(tagsPolicyProblem(policy)).toBeUndefined();
  });
});

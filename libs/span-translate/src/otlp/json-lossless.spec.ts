import { quoteLongIntegers } from './json-lossless';

describe('quoteLongIntegers', () => {
  it('quotes integer literals of 16 digits or more, signed or not', () => {
    expect(quoteLongIntegers('{"a":18446744073709551615,"b":[-9223372036854775808,1234567890123456]}')).toBe(
      '{"a":"18446744073709551615","b":["-9223372036854775808","1234567890123456"]}',
    );
    expect(JSON.parse(quoteLongIntegers('[9007199254740993]'))).toEqual(['9007199254740993']);
  });

  it('leaves short integers, fractions, exponents and strings alone', () => {
    const text = '{"n":123456789012345,"f":12345678901234567.5,"e":12345678901234567e2,"s":"12345678901234567","q":"a\\"12345678901234567"}';
    expect(quoteLongIntegers(text)).toBe(text);
  });

  it('handles literals at the very start and end of the text', () => {
    expect(quoteLongIntegers('12345678901234567')).toBe('"12345678901234567"');
    expect(quoteLongIntegers('')).toBe('');
  });
});

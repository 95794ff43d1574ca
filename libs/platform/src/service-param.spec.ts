import { MAX_SERVICE_NAME_LENGTH, SERVICE_PARAMETER_MESSAGE, validateServiceName } from './service-param';
import { WaymarkError } from './errors';

describe('validateServiceName', () => {
  it('returns a plain service name', () => {
    expect(validateServiceName('cart')).toBe('cart');
    expect(validateServiceName('x'.repeat(MAX_SERVICE_NAME_LENGTH))).toHaveLength(MAX_SERVICE_NAME_LENGTH);
  });

  it.each([
    [undefined, SERVICE_PARAMETER_MESSAGE],
    ['', SERVICE_PARAMETER_MESSAGE],
    [['a', 'b'], SERVICE_PARAMETER_MESSAGE],
    ['x'.repeat(MAX_SERVICE_NAME_LENGTH + 1), "'service' is longer than 512 characters"],
    ['a\nb', "'service' contains control characters"],
  ])('refuses %j as invalid-argument: %s', (value, message) => {
    let caught: unknown;
    try {
      validateServiceName(value);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(WaymarkError);
    expect(caught).toMatchObject({ kind: 'invalid-argument', message });
  });
});

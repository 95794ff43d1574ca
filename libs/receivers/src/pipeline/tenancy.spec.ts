import { Tenancy } from './tenancy';

describe('Tenancy', () => {
  const on = new Tenancy({ enabled: true, header: 'x-tenant', tenants: ['acme', 'globex'] });

  it('is transparent when off', () => {
    expect(new Tenancy({ enabled: false, header: 'x-tenant', tenants: [] }).resolve(['anything'])).toBeUndefined();
  });

  it('accepts exactly one allowed tenant', () => {
    expect(on.resolve(['acme'])).toBe('acme');
  });

  it.each([
    [undefined, 'unauthenticated', 'missing tenant header'],
    [[], 'unauthenticated', 'missing tenant header'],
    [['acme', 'globex'], 'permission-denied', 'extra tenant header'],
    [['initech'], 'permission-denied', 'unknown tenant'],
  ])('refuses %p as %s', (values, kind, message) => {
    expect(() => on.resolve(values)).toThrow(expect.objectContaining({ kind, message }) as Error);
  });

  it('refuses tenant names that cannot be index prefixes', () => {
    expect(() => new Tenancy({ enabled: true, header: 'x-tenant', tenants: ['Acme Corp'] })).toThrow('invalid tenant names: Acme Corp');
  });
});

import { EnvReader } from './config';
import { readTenancyConfig, Tenancy } from './tenancy';

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

describe('readTenancyConfig', () => {
  const read = (env: Record<string, string>) => {
    const reader = new EnvReader(env);
    const config = readTenancyConfig(reader);
    return { config, done: () => reader.done() };
  };

  it('is off by default, with the x-tenant header', () => {
    expect(read({}).config).toEqual({ enabled: false, header: 'x-tenant', tenants: [] });
  });

  it('reads the allow-list and a header in any case', () => {
    expect(read({ TENANCY_ENABLED: 'true', TENANCY_HEADER: 'X-Org', TENANCY_TENANTS: 'red,blue' }).config).toEqual({ enabled: true, header: 'x-org', tenants: ['red', 'blue'] });
  });

  it('refuses tenancy without an allow-list, and names that cannot be index prefixes', () => {
    expect(() => read({ TENANCY_ENABLED: 'true' }).done()).toThrow(/TENANCY_TENANTS: required when TENANCY_ENABLED=true/);
    expect(() => read({ TENANCY_ENABLED: 'true', TENANCY_TENANTS: 'Red Team' }).done()).toThrow(/TENANCY_TENANTS: invalid tenant names: Red Team/);
  });
});

import { ConfigError, EnvReader } from '@waymark/platform';
import type { Env } from '@waymark/platform';
import { readCollectorSamplingConfig } from './sampling-config';

const read = (env: Env) => {
  const reader = new EnvReader(env);
  const config = readCollectorSamplingConfig(reader);
  reader.done();
  return config;
};

describe('readCollectorSamplingConfig', () => {
  it('enables the throughput feed without tenancy', () => {
    expect(read({ SAMPLING_THROUGHPUT_ENABLED: 'true' }).throughput.enabled).toBe(true);
    expect(read({ TENANCY_ENABLED: 'true' }).throughput.enabled).toBe(false);
  });

  it('refuses the throughput feed under tenancy, naming both variables (tenants\' spans are not counted)', () => {
    expect(() => read({ SAMPLING_THROUGHPUT_ENABLED: 'true', TENANCY_ENABLED: 'true' })).toThrow(ConfigError);
    expect(() => read({ SAMPLING_THROUGHPUT_ENABLED: 'true', TENANCY_ENABLED: 'true' })).toThrow(/SAMPLING_THROUGHPUT_ENABLED=true cannot be combined with TENANCY_ENABLED=true/);
  });
});

// Integration tests: real Kafka and Elasticsearch (see libs/test-infra). One set of
// brokers for the whole run, started in globalSetup and stopped in globalTeardown.
const preset = require('./jest.preset');

module.exports = {
  ...preset,
  displayName: 'integration',
  testMatch: ['<rootDir>/{apps,libs}/**/*.int.spec.ts'],
  globalSetup: '<rootDir>/libs/test-infra/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/test-infra/src/global-teardown.ts',
  testTimeout: 120000,
  maxWorkers: 1,
};

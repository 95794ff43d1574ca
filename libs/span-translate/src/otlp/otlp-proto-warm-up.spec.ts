import { warmUpOtlpProtoPath } from './otlp-proto-warm-up';

describe('warmUpOtlpProtoPath', () => {
  const collectorDefaults = { maxAnyValueDepth: 64, limits: { maxAttributes: 128, maxAttributeValueLength: 65_536, maxEvents: 128, maxLinks: 128 }, window: { maxFutureMs: 3_600_000, maxPastMs: 7 * 86_400_000, nowMs: Date.now() } };

  it('runs the scan and regroup over a request that passes the collector\'s default rules, with tags to add', () => {
    expect(warmUpOtlpProtoPath({ ...collectorDefaults, resourceTags: [{ key: 'region', value: 'eu-1' }] }, { rounds: 2, spans: 30 })).toBeGreaterThan(0);
  });

  it('says so when the rules leave no ordinary span on the fast path', () => {
    expect(() => warmUpOtlpProtoPath({ ...collectorDefaults, limits: { maxAttributes: 1 } }, { rounds: 1 })).toThrow(/does not pass the scan/);
  });
});

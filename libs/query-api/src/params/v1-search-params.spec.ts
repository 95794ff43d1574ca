import { WaymarkError } from '@waymark/platform';
import { DEFAULT_QUERY_LIMITS } from '../query-limits';
import { parseV1Search } from './v1-search-params';

const NOW_MS = 1_700_000_000_000;
const limits = { ...DEFAULT_QUERY_LIMITS, maxLimit: 500, maxLookbackMs: 7 * 86_400_000 };
const parse = (query: Record<string, string | string[]>) => parseV1Search(query, limits, NOW_MS);

function refusal(query: Record<string, string | string[]>): string {
  try {
    parse(query);
  } catch (error) {
    expect(error).toBeInstanceOf(WaymarkError);
    expect((error as WaymarkError).kind).toBe('invalid-argument');
    return (error as WaymarkError).message;
  }
  throw new Error('expected a refusal');
}

describe('GET /api/traces parameters', () => {
  it('reads every search parameter with Jaeger units', () => {
    const search = parse({
      service: 'frontend',
      operation: 'GET /x',
      tag: ['error:true', 'url:http://a:80/'],
      tags: '{"http.status_code":"500"}',
      start: '1699990000000000',
      end: '1699999000000000',
      minDuration: '100ms',
      maxDuration: '1.5s',
      limit: '20',
    });
    expect(search).toEqual({
      kind: 'search',
      raw: false,
      query: {
        serviceName: 'frontend',
        operationName: 'GET /x',
        tags: { error: 'true', url: 'http://a:80/', 'http.status_code': '500' },
        startTimeMinMicros: 1699990000000000,
        startTimeMaxMicros: 1699999000000000,
        durationMinMicros: 100_000,
        durationMaxMicros: 1_500_000,
        limit: 20,
      },
    });
  });

  it("defaults to Jaeger's: the last 48 hours, 100 traces", () => {
    const search = parse({ service: 's' });
    expect(search).toMatchObject({ query: { startTimeMinMicros: (NOW_MS - 48 * 3_600_000) * 1000, startTimeMaxMicros: NOW_MS * 1000, limit: 100 } });
  });

  it('honours the UI lookback when start is absent, and clamps the window and the limit', () => {
    expect(parse({ service: 's', lookback: '2h' })).toMatchObject({ query: { startTimeMinMicros: (NOW_MS - 2 * 3_600_000) * 1000 } });
    expect(parse({ service: 's', lookback: 'custom' })).toMatchObject({ query: { startTimeMinMicros: (NOW_MS - 48 * 3_600_000) * 1000 } });
    expect(parse({ service: 's', lookback: '365d' })).toMatchObject({ query: { startTimeMinMicros: (NOW_MS - 7 * 86_400_000) * 1000 } });
    expect(parse({ service: 's', start: '0' })).toMatchObject({ query: { startTimeMinMicros: (NOW_MS - 7 * 86_400_000) * 1000 } });
    expect(parse({ service: 's', limit: '1000000' })).toMatchObject({ query: { limit: 500 } });
    expect(parse({ service: 's', limit: '0' })).toMatchObject({ query: { limit: 100 } });
  });

  it('takes trace ids instead of a search, with the times as a hint and raw', () => {
    expect(parse({ traceID: ['ABC', '00000000000000000000000000000abc', 'def'], start: '5', raw: 'true' })).toEqual({
      kind: 'ids',
      ids: ['00000000000000000000000000000abc', '00000000000000000000000000000def'],
      hint: { startTimeMinMicros: 5, startTimeMaxMicros: undefined },
      raw: true,
    });
  });

  it.each([
    [{}, "parameter 'service' is required"],
    [{ service: 's', limit: 'ten' }, "unable to parse param 'limit'"],
    [{ service: 's', limit: '-1' }, "unable to parse param 'limit'"],
    [{ service: 's', start: '12x' }, "unable to parse param 'start'"],
    [{ service: 's', end: '-5' }, "unable to parse param 'end'"],
    [{ service: 's', minDuration: '10' }, "unable to parse param 'minDuration'"],
    [{ service: 's', maxDuration: '1y' }, "unable to parse param 'maxDuration'"],
    [{ service: 's', minDuration: '2s', maxDuration: '1s' }, "'maxDuration' should be greater than 'minDuration'"],
    [{ service: 's', tags: '{"a":' }, "malformed 'tags' parameter, cannot unmarshal JSON"],
    [{ service: 's', tags: '{"a":1}' }, "malformed 'tags' parameter, cannot unmarshal JSON"],
    [{ service: 's', tags: '["a"]' }, "malformed 'tags' parameter, cannot unmarshal JSON"],
    [{ service: 's', tag: 'novalue' }, "malformed 'tag' parameter, expecting key:value"],
    [{ service: 's', lookback: 'forever' }, "unable to parse param 'lookback'"],
    [{ service: 's', start: '20', end: '10' }, "parameter 'start' must not be after 'end'"],
    [{ service: 's', raw: 'yes' }, "unable to parse param 'raw'"],
    [{ traceID: 'xyz' }, "malformed 'traceID' parameter"],
    [{ traceID: '0' }, "malformed 'traceID' parameter"],
    [{ traceID: 'a'.repeat(33) }, "malformed 'traceID' parameter"],
  ])('refuses %j, naming the parameter', (query, message) => {
    expect(refusal(query)).toContain(message);
  });

  it('refuses more trace ids or tag conditions than allowed', () => {
    expect(refusal({ traceID: Array.from({ length: 101 }, (_, i) => (i + 1).toString(16)) })).toContain("too many 'traceID' parameters");
    expect(refusal({ service: 's', tag: Array.from({ length: 65 }, (_, i) => `k${i}:v`) })).toContain('too many tag conditions');
  });
});

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

  describe("the Jaeger UI's lookback values", () => {
    const wide = { ...DEFAULT_QUERY_LIMITS, maxLookbackMs: 30 * 86_400_000 };
    const HOUR = 3_600_000;
    const DAY = 24 * HOUR;
    const uiValues: Array<[string, number | undefined]> = [
      ['1h', HOUR],
      ['2h', 2 * HOUR],
      ['3h', 3 * HOUR],
      ['6h', 6 * HOUR],
      ['12h', 12 * HOUR],
      ['24h', DAY],
      ['2d', 2 * DAY],
      ['7d', 7 * DAY],
      ['2w', 14 * DAY],
      ['3w', 21 * DAY],
      ['4w', 28 * DAY],
      ['custom', undefined],
    ];

    it.each(uiValues)('lookback=%s with start and end (as the UI sends it) searches start..end', (lookback, ms) => {
      // The UI computes start = end - lookback itself; a custom range can be anything.
      const endMs = NOW_MS - 60_000;
      const startMs = endMs - (ms ?? 5 * HOUR);
      const search = parseV1Search({ service: 's', lookback, start: String(startMs * 1000), end: String(endMs * 1000) }, wide, NOW_MS);
      expect(search).toMatchObject({ kind: 'search', query: { startTimeMinMicros: startMs * 1000, startTimeMaxMicros: endMs * 1000 } });
    });

    it.each(uiValues)('lookback=%s without start looks back that far from the end (custom: the default 48 h)', (lookback, ms) => {
      const search = parseV1Search({ service: 's', lookback }, wide, NOW_MS);
      expect(search).toMatchObject({ query: { startTimeMinMicros: (NOW_MS - (ms ?? 48 * HOUR)) * 1000, startTimeMaxMicros: NOW_MS * 1000 } });
    });

    it('ignores a lookback it cannot read, as Jaeger (which never reads it) does', () => {
      for (const lookback of ['1y', 'soon', '-2h', '2x']) {
        expect(parseV1Search({ service: 's', lookback }, wide, NOW_MS)).toMatchObject({ query: { startTimeMinMicros: (NOW_MS - 48 * HOUR) * 1000 } });
      }
      expect(parseV1Search({ service: 's', lookback: 'soon', start: '5000000' }, wide, NOW_MS)).toMatchObject({ query: { startTimeMinMicros: (NOW_MS - 30 * DAY) * 1000 } });
    });
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

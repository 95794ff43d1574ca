import type { WaymarkError } from '@waymark/platform';
import { DEFAULT_QUERY_LIMITS } from '../query-limits';
import { rfc3339ToMicros } from './rfc3339';
import { parseSpanKindParam, parseV3FindTraces, parseV3GetTrace } from './v3-params';

const NOW_MS = Date.parse('2025-01-10T00:00:00Z');

function message(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect((error as WaymarkError).kind).toBe('invalid-argument');
    return (error as WaymarkError).message;
  }
  throw new Error('expected a refusal');
}

describe('API v3 parameters', () => {
  it('reads RFC 3339 times to the microsecond, with offsets, and refuses impossible dates', () => {
    expect(rfc3339ToMicros('2025-01-02T03:04:05Z')).toBe(Date.parse('2025-01-02T03:04:05Z') * 1000);
    expect(rfc3339ToMicros('2025-01-02T03:04:05.123456789Z')).toBe(Date.parse('2025-01-02T03:04:05Z') * 1000 + 123_456);
    expect(rfc3339ToMicros('2025-01-02T05:04:05+02:00')).toBe(Date.parse('2025-01-02T03:04:05Z') * 1000);
    for (const bad of ['2025-02-30T00:00:00Z', '2025-01-02', '2025-01-02T03:04:05', '1700000000', '2025-13-01T00:00:00Z']) expect(rfc3339ToMicros(bad)).toBeUndefined();
  });

  it('reads a search in snake_case and in camelCase alike', () => {
    const expected = {
      raw: true,
      query: {
        serviceName: 'svc',
        operationName: 'op',
        tags: { 'http.method': 'GET' },
        startTimeMinMicros: Date.parse('2025-01-09T00:00:00Z') * 1000,
        startTimeMaxMicros: Date.parse('2025-01-09T01:00:00Z') * 1000,
        durationMinMicros: 1000,
        durationMaxMicros: 2_000_000,
        limit: 7,
      },
    };
    const snake = {
      'query.service_name': 'svc',
      'query.operation_name': 'op',
      'query.attributes': '{"http.method":"GET"}',
      'query.start_time_min': '2025-01-09T00:00:00Z',
      'query.start_time_max': '2025-01-09T01:00:00Z',
      'query.duration_min': '1ms',
      'query.duration_max': '2s',
      'query.num_traces': '7',
      'query.raw_traces': 'true',
    };
    const camel = {
      'query.serviceName': 'svc',
      'query.operationName': 'op',
      'query.attributes': '{"http.method":"GET"}',
      'query.startTimeMin': '2025-01-09T00:00:00Z',
      'query.startTimeMax': '2025-01-09T01:00:00Z',
      'query.durationMin': '1ms',
      'query.durationMax': '2s',
      'query.searchDepth': '7',
      'query.rawTraces': 'true',
    };
    expect(parseV3FindTraces(snake, DEFAULT_QUERY_LIMITS, NOW_MS)).toEqual(expected);
    expect(parseV3FindTraces(camel, DEFAULT_QUERY_LIMITS, NOW_MS)).toEqual(expected);
  });

  it('clamps the search depth and the window', () => {
    const found = parseV3FindTraces(
      { 'query.start_time_min': '2000-01-01T00:00:00Z', 'query.start_time_max': '2025-01-09T00:00:00Z', 'query.search_depth': '99999' },
      DEFAULT_QUERY_LIMITS,
      NOW_MS,
    );
    expect(found.query.limit).toBe(DEFAULT_QUERY_LIMITS.maxLimit);
    expect(found.query.startTimeMinMicros).toBe((Date.parse('2025-01-09T00:00:00Z') - DEFAULT_QUERY_LIMITS.maxLookbackMs) * 1000);
  });

  it('takes query.search_depth over the deprecated query.num_traces, and query.searchDepth over both (Jaeger)', () => {
    const window = { 'query.start_time_min': '2025-01-09T00:00:00Z', 'query.start_time_max': '2025-01-09T01:00:00Z' };
    expect(parseV3FindTraces({ ...window, 'query.num_traces': '5', 'query.search_depth': '9' }, DEFAULT_QUERY_LIMITS, NOW_MS).query.limit).toBe(9);
    expect(parseV3FindTraces({ ...window, 'query.num_traces': '5', 'query.search_depth': '9', 'query.searchDepth': '11' }, DEFAULT_QUERY_LIMITS, NOW_MS).query.limit).toBe(11);
    expect(parseV3FindTraces({ ...window, 'query.num_traces': '5' }, DEFAULT_QUERY_LIMITS, NOW_MS).query.limit).toBe(5);
  });

  it.each([
    [{}, 'query.start_time_min and query.start_time_max are required'],
    [{ 'query.start_time_min': 'yesterday', 'query.start_time_max': '2025-01-09T00:00:00Z' }, 'malformed parameter query.start_time_min'],
    [{ 'query.start_time_min': '2025-01-09T00:00:00Z', 'query.startTimeMax': '1700000000' }, 'malformed parameter query.startTimeMax'],
    [{ 'query.start_time_min': '2025-01-09T00:00:00Z', 'query.start_time_max': '2025-01-09T01:00:00Z', 'query.duration_min': '5' }, 'malformed parameter query.duration_min'],
    [{ 'query.start_time_min': '2025-01-09T00:00:00Z', 'query.start_time_max': '2025-01-09T01:00:00Z', 'query.searchDepth': 'many' }, 'malformed parameter query.searchDepth'],
    [{ 'query.start_time_min': '2025-01-09T00:00:00Z', 'query.start_time_max': '2025-01-09T01:00:00Z', 'query.attributes': 'x=1' }, "malformed 'query.attributes' parameter"],
    [{ 'query.start_time_min': '2025-01-09T00:00:00Z', 'query.start_time_max': '2025-01-09T01:00:00Z', 'query.raw_traces': 'maybe' }, 'malformed parameter query.raw_traces'],
  ])('refuses %j, naming the parameter', (query, text) => {
    expect(message(() => parseV3FindTraces(query, DEFAULT_QUERY_LIMITS, NOW_MS))).toContain(text);
  });

  it('reads a lookup by id with its hint', () => {
    expect(parseV3GetTrace('5B8EFFF798038103D269B633813FC60C', { startTime: '2025-01-09T00:00:00Z', raw_traces: '1' })).toEqual({
      traceId: '5b8efff798038103d269b633813fc60c',
      hint: { startTimeMinMicros: Date.parse('2025-01-09T00:00:00Z') * 1000, startTimeMaxMicros: undefined },
      raw: true,
    });
    expect(message(() => parseV3GetTrace('not-hex', {}))).toContain("malformed 'trace_id' parameter");
  });

  it('takes span kinds as Jaeger and OTLP spell them', () => {
    expect(parseSpanKindParam('server', 'spanKind')).toBe('server');
    expect(parseSpanKindParam('SPAN_KIND_CLIENT', 'span_kind')).toBe('client');
    expect(parseSpanKindParam(undefined, 'spanKind')).toBeUndefined();
    expect(message(() => parseSpanKindParam('sideways', 'spanKind'))).toContain("unable to parse param 'spanKind'");
  });
});

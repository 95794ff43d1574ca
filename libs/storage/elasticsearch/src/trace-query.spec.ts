import { traceIdFromHex } from '@waymark/span-model';
import type { TraceId } from '@waymark/span-model';
import { operationsQuery } from './service-query';
import { spanSearchFilter, traceIdForms, traceIdOfStored, traceIdsSearchBody } from './trace-query';
import { tagFieldName, tagMatch } from './tag-query';
import { afterQuery } from './keyset-pages';
import { traceDocumentsQuery } from './trace-fetch';

const SYNTAX_QUERIES = ['regexp', 'wildcard', 'prefix', 'query_string', 'simple_query_string', 'fuzzy', 'match', 'script'];

/** Every object key anywhere in a query (query types are keys). */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((entry) => keysOf(entry, into));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, entry] of Object.entries(value)) {
      into.add(key);
      keysOf(entry, into);
    }
  }
  return into;
}

const weird = 'a.*[b]@#<c>&~';
const range = { minMicros: 1_000_000_000, maxMicros: 2_000_000_999 };

describe('search queries', () => {
  it('matches a tag value exactly in every layout, never as a pattern', () => {
    const query = tagMatch('weird.value', weird, '@');
    expect(query).toEqual({
      bool: {
        minimum_should_match: 1,
        should: [
          { term: { 'tag.weird@value': weird } },
          { term: { 'process.tag.weird@value': weird } },
          { nested: { path: 'tags', query: { bool: { filter: [{ term: { 'tags.key': 'weird.value' } }, { term: { 'tags.value': weird } }] } } } },
          { nested: { path: 'process.tags', query: { bool: { filter: [{ term: { 'process.tags.key': 'weird.value' } }, { term: { 'process.tags.value': weird } }] } } } },
          { nested: { path: 'logs.fields', query: { bool: { filter: [{ term: { 'logs.fields.key': 'weird.value' } }, { term: { 'logs.fields.value': weird } }] } } } },
        ],
      },
    });
  });

  it('builds the whole findTraceIds request without any query that has a syntax', () => {
    const filter = spanSearchFilter(
      { serviceName: 'svc.*', operationName: 'GET /a?b', tags: { [weird]: weird, 'http.route': '/r/[0-9]+' }, startTimeMinMicros: range.minMicros, startTimeMaxMicros: range.maxMicros, durationMinMicros: 5, limit: 20 },
      range,
      '@',
    );
    const body = traceIdsSearchBody(filter, 20);
    const keys = keysOf(body);
    for (const forbidden of SYNTAX_QUERIES) expect(keys.has(forbidden)).toBe(false);
    expect(body).toMatchObject({ size: 0, aggs: { traceIDs: { terms: { field: 'traceID', size: 20, order: [{ lastStart: 'desc' }, { _key: 'asc' }] }, aggs: { lastStart: { max: { field: 'startTime' } } } } } });
    // The key holds the dot replacement, so only the nested lists can hold it; the value is a term.
    expect(JSON.stringify(body)).toContain(JSON.stringify({ term: { 'tags.key': weird } }));
    expect(JSON.stringify(body)).toContain(JSON.stringify({ term: { 'tags.value': weird } }));
    expect(JSON.stringify(body)).toContain(JSON.stringify({ term: { 'tag.http@route': '/r/[0-9]+' } }));
  });

  it('filters service, operation, time (ms rounded outwards, µs exact) and duration on the same span', () => {
    const filter = spanSearchFilter({ serviceName: 's', operationName: 'o', startTimeMinMicros: 0, startTimeMaxMicros: 0, durationMinMicros: 10, durationMaxMicros: 20, limit: 1 }, range, '@');
    expect(filter).toEqual({
      bool: {
        filter: [
          { range: { startTimeMillis: { gte: 1_000_000, lte: 2_000_001, format: 'epoch_millis' } } },
          { range: { startTime: { gte: range.minMicros, lte: range.maxMicros } } },
          { term: { 'process.serviceName': 's' } },
          { term: { operationName: 'o' } },
          { range: { duration: { gte: 10, lte: 20 } } },
        ],
      },
    });
  });

  it('also matches service.name on the process service name, where the resource attribute lives', () => {
    expect(JSON.stringify(tagMatch('service.name', 'cart', '@'))).toContain('{"term":{"process.serviceName":"cart"}}');
  });

  it('uses no tag field for keys that contain the dot replacement or are empty', () => {
    expect(tagFieldName('a.b', '@')).toBe('a@b');
    expect(tagFieldName('a@b', '@')).toBeUndefined();
    expect(tagFieldName(' ', '@')).toBeUndefined();
    expect(JSON.stringify(tagMatch('a@b', 'x', '@'))).not.toContain('tag.a@b');
  });

  it('queries operations by kind from the span indices, with exact terms', () => {
    const byKind = operationsQuery('svc', 'server', '@', 100);
    expect(keysOf(byKind).has('regexp')).toBe(false);
    expect(JSON.stringify(byKind)).toContain('{"term":{"tag.span@kind":"server"}}');
    expect(operationsQuery('svc', undefined, '@', 100)).toMatchObject({ query: { bool: { filter: [{ term: { serviceName: 'svc' } }] } }, aggs: { names: { terms: { field: 'operationName', size: 100 } } } });
    expect(JSON.stringify(operationsQuery('svc', 'unspecified', '@', 100))).toContain('must_not');
  });
});

describe('trace ids', () => {
  const short = traceIdFromHex('00000000000000000abc000000000001') as TraceId;
  const long = traceIdFromHex('5b8efff798038103d269b633813fc60c') as TraceId;

  it("looks a trace up by Jaeger's 16-character form, the full form and the legacy unpadded form", () => {
    expect(traceIdForms(short)).toEqual(['0abc000000000001', '00000000000000000abc000000000001', 'abc000000000001']);
    expect(traceIdForms(long)).toEqual(['5b8efff798038103d269b633813fc60c']);
  });

  it('reads any stored form back as the model id', () => {
    expect(traceIdOfStored('0abc000000000001')).toBe(short);
    expect(traceIdOfStored('abc000000000001')).toBe(short);
    expect(traceIdOfStored('5B8EFFF798038103D269B633813FC60C')).toBe(long);
    expect(traceIdOfStored('xyz')).toBeUndefined();
    expect(traceIdOfStored(42)).toBeUndefined();
  });

  it('pages after the last (startTime, spanID) pair, excluding documents already read with exactly that pair', () => {
    expect(traceDocumentsQuery(['a'])).toEqual({ bool: { filter: [{ terms: { traceID: ['a'] } }] } });
    const keys = [
      { field: 'startTime', unmappedType: 'long' },
      { field: 'spanID', unmappedType: 'keyword' },
    ] as const;
    expect(afterQuery(keys, { values: [5, 'b'], ids: ['x', 'y'] })).toEqual({
      bool: {
        should: [
          { range: { startTime: { gt: 5 } } },
          { bool: { filter: [{ term: { startTime: 5 } }, { range: { spanID: { gt: 'b' } } }] } },
          { bool: { filter: [{ term: { startTime: 5 } }, { term: { spanID: 'b' } }], must_not: [{ ids: { values: ['x', 'y'] } }] } },
        ],
        minimum_should_match: 1,
      },
    });
  });
});

import { errors } from '@elastic/elasticsearch';
import type { DiagnosticResult } from '@elastic/elasticsearch';
import { classifyBulkResponse } from './bulk-result';
import { esFailureOf, isTransientFailure, MAX_REASON_LENGTH } from './es-errors';

const item = (status: number, error?: unknown) => ({ create: { status, ...(error === undefined ? {} : { error }) } });

describe('bulk response classification', () => {
  it('counts 201 as created and 409 as already stored', () => {
    const body = { errors: true, items: [item(201), item(409, { type: 'version_conflict_engine_exception', reason: '[x]: version conflict, document already exists' }), item(200)] };
    expect(classifyBulkResponse(body, 3).map((o) => o.result)).toEqual(['created', 'duplicate', 'created']);
  });

  it('retries 429 and 5xx items, and items refused for the cluster state (403 block, 404 no index)', () => {
    const body = {
      items: [
        item(429, { type: 'es_rejected_execution_exception', reason: 'rejected execution of coordinating operation' }),
        item(503, { type: 'unavailable_shards_exception', reason: 'primary shard is not active' }),
        item(500, { type: 'exception', reason: 'boom' }),
        item(403, { type: 'cluster_block_exception', reason: 'index [x] blocked by: [FORBIDDEN/8/index write (api)];' }),
        item(404, { type: 'index_not_found_exception', reason: 'no such index [x]' }),
      ],
    };
    const outcomes = classifyBulkResponse(body, 5);
    expect(outcomes.map((o) => o.result)).toEqual(['retry', 'retry', 'retry', 'retry', 'retry']);
    expect(outcomes[0]).toEqual({ result: 'retry', status: 429, type: 'es_rejected_execution_exception', reason: 'HTTP 429: es_rejected_execution_exception: rejected execution of coordinating operation' });
  });

  it('rejects for good what is about the document (mapping and parsing errors), with the reason and its cause', () => {
    const error = {
      type: 'document_parsing_exception',
      reason: "[1:234] failed to parse field [tag.http@status_code] of type [long] in document with id 'abc'",
      caused_by: { type: 'illegal_argument_exception', reason: 'For input string: "abc"' },
    };
    const [outcome] = classifyBulkResponse({ items: [item(400, error)] }, 1);
    expect(outcome).toEqual({
      result: 'rejected',
      status: 400,
      type: 'document_parsing_exception',
      reason: `HTTP 400: document_parsing_exception: ${error.reason} (caused by: illegal_argument_exception: For input string: "abc")`,
    });
  });

  it('retries every item when the response does not account for each of them', () => {
    expect(classifyBulkResponse({ items: [item(201)] }, 2).map((o) => o.result)).toEqual(['retry', 'retry']);
    expect(classifyBulkResponse('<html>bad gateway</html>', 1)[0]).toMatchObject({ result: 'retry', type: 'malformed_bulk_response' });
    expect(classifyBulkResponse({ items: [{}] }, 1)[0]).toMatchObject({ result: 'retry' });
  });

  it('keeps reasons short', () => {
    const [outcome] = classifyBulkResponse({ items: [item(400, { type: 't', reason: 'x'.repeat(5000) })] }, 1);
    expect(outcome?.result === 'rejected' && outcome.reason.length).toBeLessThanOrEqual(MAX_REASON_LENGTH + 'HTTP 400: '.length);
  });
});

describe('request failure classification', () => {
  const responseError = (statusCode: number, body: unknown) => new errors.ResponseError({ body, statusCode, headers: {}, warnings: null, meta: {} } as unknown as DiagnosticResult);

  it('treats no answer as transient', () => {
    const failure = esFailureOf(new errors.ConnectionError('connect ECONNREFUSED 127.0.0.1:9200'));
    expect(failure).toEqual({ status: undefined, type: 'ConnectionError', reason: 'ConnectionError: connect ECONNREFUSED 127.0.0.1:9200' });
    expect(isTransientFailure(failure)).toBe(true);
    expect(isTransientFailure(esFailureOf(new errors.TimeoutError('Request timed out')))).toBe(true);
  });

  it("reads Elasticsearch's error out of a response error", () => {
    const failure = esFailureOf(responseError(429, { error: { type: 'circuit_breaking_exception', reason: '[parent] Data too large' }, status: 429 }));
    expect(failure).toEqual({ status: 429, type: 'circuit_breaking_exception', reason: 'HTTP 429: circuit_breaking_exception: [parent] Data too large' });
    expect(isTransientFailure(failure)).toBe(true);
    expect(isTransientFailure(esFailureOf(responseError(502, 'Bad Gateway')))).toBe(true);
    expect(isTransientFailure(esFailureOf(responseError(401, { error: { type: 'security_exception' } })))).toBe(true);
    expect(isTransientFailure(esFailureOf(responseError(400, { error: { type: 'parsing_exception', reason: 'unknown query' } })))).toBe(false);
    expect(isTransientFailure(esFailureOf(responseError(413, '')))).toBe(false);
  });
});

/**
 * Protobuf code generated at build time from the IDL in libs/idl/proto (`npx nx run idl:generate`;
 * never edited by hand). Each export is a namespace of static message classes (`decode`, `encode`,
 * `verify`, `fromObject`, `toObject`) and their `$Properties` types, e.g.
 * `otlp.collector.trace.v1.ExportTraceServiceRequest.decode(bytes)`.
 *
 * - Field names are lowerCamelCase (`traceId`, `startTimeUnixNano`), except protobufjs' built-in
 *   `google.protobuf.Any`, whose fields are `type_url` and `value`.
 * - 64-bit integer fields decode as `Long` (`long` package); convert with `longToBigInt`.
 * - Decoding throws (`Error`/`RangeError`, never a stack overflow) on malformed bytes, invalid
 *   UTF-8 in a string field, or messages nested deeper than 100 levels (protobufjs'
 *   `Reader.recursionLimit`). Callers that face untrusted input wrap it and map the error.
 */
import { google, jaeger, opentelemetry, zipkin as zipkinRoot } from './generated/protos';

/** OTLP (opentelemetry-proto v1.9.0): `otlp.trace.v1`, `otlp.common.v1`, `otlp.resource.v1`, `otlp.collector.trace.v1`. */
export import otlp = opentelemetry.proto;
/** Jaeger's api_v2 (package `jaeger.api_v2`): model, CollectorService, SamplingManager, QueryService. */
export import jaegerApiV2 = jaeger.api_v2;
/** Jaeger's api_v3 QueryService (package `jaeger.api_v3`); its traces are OTLP `TracesData`. */
export import jaegerApiV3 = jaeger.api_v3;
/** The structured query filter api_v3 accepts (package `jaeger.expression.v1`). */
export import jaegerExpression = jaeger.expression.v1;
/** Zipkin's proto3 model (package `zipkin.proto3`): Span, Endpoint, Annotation, ListOfSpans. */
export import zipkin = zipkinRoot.proto3;
/** `google.rpc.Status` and the error details OTLP error responses carry (RetryInfo, BadRequest, …). */
export import googleRpc = google.rpc;
/** The well-known types the IDL uses: Timestamp, Duration, Any. */
export import googleProtobuf = google.protobuf;

export { bigIntToLong, longToBigInt } from './long';
export type { Long } from './long';

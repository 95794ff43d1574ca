import { longToBigInt, zipkin } from '@waymark/idl';
import { DecodeError, DecodeResultBuilder } from '../decode-result';
import type { DecodeResult } from '../decode-result';
import type { ZipkinEndpoint, ZipkinSpanRecord } from './zipkin-record';
import { ZipkinSpanConverter } from './zipkin-to-model';

const KIND_NAMES: Readonly<Record<number, string>> = { 1: 'CLIENT', 2: 'SERVER', 3: 'PRODUCER', 4: 'CONSUMER' };

/**
 * Decodes a Zipkin proto3 `ListOfSpans` (`POST /api/v2/spans`, `application/x-protobuf`) with the
 * same conventions as the JSON path. Ids are bytes: traceId 8 or 16, id and parentId 8 (others
 * are rejected with a reason); IPs are 4 / 16 bytes. Malformed protobuf → DecodeError.
 */
export function decodeZipkinV2Proto(bytes: Uint8Array): DecodeResult {
  let list: zipkin.ListOfSpans;
  try {
    list = zipkin.ListOfSpans.decode(bytes);
  } catch (error) {
    throw new DecodeError(`zipkin proto: ${error instanceof Error ? error.message : 'cannot decode ListOfSpans'}`, { cause: error });
  }
  const builder = new DecodeResultBuilder();
  const converter = new ZipkinSpanConverter(builder);
  for (const span of list.spans) converter.add(toRecord(span));
  return builder.build();
}

const hex = (bytes: Uint8Array | null | undefined): string => (bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex') : '');

function toRecord(span: zipkin.Span.$Properties): ZipkinSpanRecord {
  const timestamp = longToBigInt(span.timestamp);
  const duration = longToBigInt(span.duration);
  return {
    traceId: hex(span.traceId),
    id: hex(span.id),
    parentId: hex(span.parentId) || undefined,
    kind: span.kind ? (KIND_NAMES[span.kind] ?? `kind ${span.kind}`) : undefined,
    name: span.name ?? '',
    timestampMicros: timestamp > 0n ? timestamp : undefined,
    durationMicros: duration > 0n ? duration : undefined,
    localEndpoint: endpoint(span.localEndpoint),
    remoteEndpoint: endpoint(span.remoteEndpoint),
    annotations: (span.annotations ?? []).map((a) => ({ timestampMicros: longToBigInt(a.timestamp), value: a.value ?? '' })),
    tags: Object.entries(span.tags ?? {}),
    debug: span.debug ?? false,
    shared: span.shared ?? false,
  };
}

function endpoint(endpoint: zipkin.Endpoint.$Properties | null | undefined): ZipkinEndpoint | undefined {
  if (!endpoint) return undefined;
  return { serviceName: endpoint.serviceName ?? '', ipv4: ipv4(endpoint.ipv4), ipv6: ipv6(endpoint.ipv6), port: endpoint.port ?? 0 };
}

const ipv4 = (bytes: Uint8Array | null | undefined): string => (bytes?.length === 4 ? [...bytes].join('.') : '');

/** RFC 5952 text: lowercase, leading zeros dropped, the longest run (≥ 2) of zero groups as `::`. */
export function ipv6(bytes: Uint8Array | null | undefined): string {
  if (bytes?.length !== 16) return '';
  const groups = Array.from({ length: 8 }, (_, i) => (((bytes[2 * i] as number) << 8) | (bytes[2 * i + 1] as number)).toString(16));
  let best = { start: -1, length: 0 };
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

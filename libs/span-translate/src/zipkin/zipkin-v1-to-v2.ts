import type { ZipkinAnnotation, ZipkinEndpoint, ZipkinSpanRecord } from './zipkin-record';

/** A Zipkin v1 span, field types already checked. */
export interface V1Span {
  readonly traceId: string;
  readonly id: string;
  readonly parentId: string | undefined;
  readonly name: string;
  readonly timestampMicros: bigint | undefined;
  readonly durationMicros: bigint | undefined;
  readonly debug: boolean;
  readonly annotations: readonly V1Annotation[];
  readonly binaryAnnotations: readonly V1BinaryAnnotation[];
}

export interface V1Annotation extends ZipkinAnnotation {
  readonly endpoint: ZipkinEndpoint | undefined;
}

export interface V1BinaryAnnotation {
  readonly key: string;
  /** The value as text (numbers and booleans stringified, BYTES as their base64). */
  readonly value: string;
  /** `ca`/`sa`/`ma` with a true BOOL value: the endpoint is an address, not a tag. */
  readonly isAddress: boolean;
  readonly endpoint: ZipkinEndpoint | undefined;
}

type Kind = 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
const CORE = new Set(['cs', 'cr', 'sr', 'ss', 'ms', 'ws', 'mr', 'wr']);
const ADDRESS_OWNER: Readonly<Record<string, readonly Kind[]>> = { ca: ['SERVER'], sa: ['CLIENT'], ma: ['PRODUCER', 'CONSUMER'] };

interface Part {
  kind: Kind | undefined;
  timestampMicros: bigint | undefined;
  durationMicros: bigint | undefined;
  localEndpoint: ZipkinEndpoint | undefined;
  remoteEndpoint: ZipkinEndpoint | undefined;
  shared: boolean;
  readonly annotations: ZipkinAnnotation[];
  readonly tags: [string, string][];
}

/**
 * A v1 span as v2 spans, the way Zipkin's `V1SpanConverter` reads it (a subset that covers what
 * clients send): the core annotations give kind, timestamp, duration and local endpoint
 * (cs/cr → CLIENT, sr/ss → SERVER, ms/ws → PRODUCER, wr/mr → CONSUMER); a v1 span holding both
 * client and server annotations (one RPC reported by both sides) becomes two spans, the server
 * one `shared`; a server part without a span-level timestamp is shared too (the client started
 * it). The span-level timestamp/duration, when present, are authoritative for the first part.
 * `ca`/`sa`/`ma` address annotations become the remote endpoint of the server / client /
 * messaging part; other binary annotations become tags. Annotations and tags go to the part whose
 * local service matches their endpoint, else to the first part.
 */
export function v1ToV2(span: V1Span): ZipkinSpanRecord[] {
  const core = new Map<string, V1Annotation>();
  const other: V1Annotation[] = [];
  for (const annotation of span.annotations) {
    if (CORE.has(annotation.value) && !core.has(annotation.value)) core.set(annotation.value, annotation);
    else other.push(annotation);
  }
  const parts: Part[] = [];
  const addPart = (kind: Kind, begin: V1Annotation | undefined, end: V1Annotation | undefined, shared = false) => {
    if (!begin && !end) return;
    const duration = begin && end ? end.timestampMicros - begin.timestampMicros : undefined;
    parts.push(newPart(kind, (begin ?? end)?.timestampMicros, duration, (begin ?? end)?.endpoint, shared));
  };
  addPart('CLIENT', core.get('cs'), core.get('cr'));
  addPart('SERVER', core.get('sr'), core.get('ss'), parts.length > 0 || span.timestampMicros === undefined);
  addPart('PRODUCER', core.get('ms'), core.get('ws'));
  addPart('CONSUMER', core.get('wr') ?? core.get('mr'), core.get('wr') ? core.get('mr') : undefined);
  const first = parts[0] ?? newPart(undefined, undefined, undefined, undefined, false);
  if (parts.length === 0) parts.push(first);
  if (span.timestampMicros !== undefined) {
    first.timestampMicros = span.timestampMicros;
    first.durationMicros = span.durationMicros ?? first.durationMicros;
  }
  const ownerOf = (endpoint: ZipkinEndpoint | undefined): Part => parts.find((p) => endpoint && p.localEndpoint?.serviceName === endpoint.serviceName) ?? first;
  for (const annotation of other) {
    const part = ownerOf(annotation.endpoint);
    part.localEndpoint ??= annotation.endpoint;
    part.annotations.push({ timestampMicros: annotation.timestampMicros, value: annotation.value });
  }
  for (const binary of span.binaryAnnotations) {
    if (binary.isAddress) {
      const part = parts.find((p) => p.kind !== undefined && ADDRESS_OWNER[binary.key]?.includes(p.kind)) ?? first;
      part.remoteEndpoint = binary.endpoint;
      continue;
    }
    const part = ownerOf(binary.endpoint);
    part.localEndpoint ??= binary.endpoint;
    part.tags.push([binary.key, binary.value]);
  }
  return parts.map((part) => ({
    traceId: span.traceId,
    id: span.id,
    parentId: span.parentId,
    name: span.name,
    debug: span.debug,
    kind: part.kind,
    timestampMicros: part.timestampMicros,
    durationMicros: part.durationMicros,
    localEndpoint: part.localEndpoint,
    remoteEndpoint: part.remoteEndpoint,
    annotations: part.annotations,
    tags: part.tags,
    shared: part.shared,
  }));
}

function newPart(kind: Kind | undefined, timestampMicros: bigint | undefined, durationMicros: bigint | undefined, localEndpoint: ZipkinEndpoint | undefined, shared: boolean): Part {
  return { kind, timestampMicros, durationMicros, localEndpoint, remoteEndpoint: undefined, shared, annotations: [], tags: [] };
}

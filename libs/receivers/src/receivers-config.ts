import { parseSizeBytes, readTenancyConfig } from '@waymark/platform';
import type { EnvReader, TenancyConfig } from '@waymark/platform';
import type { Attribute } from '@waymark/span-model';
import type { InFlightLimits } from './pipeline/in-flight-budget';

export const RECEIVER_NAMES = ['otlp-grpc', 'otlp-http', 'jaeger-grpc', 'jaeger-thrift-http', 'zipkin-http'] as const;
export type ReceiverName = (typeof RECEIVER_NAMES)[number];

export interface ReceiversConfig {
  readonly enabled: ReadonlySet<ReceiverName>;
  readonly ports: Readonly<Record<ReceiverName, number>>;
  readonly limits: {
    /** HTTP body as sent (compressed). */
    readonly maxHttpBodyBytes: number;
    /** HTTP body after decompression. */
    readonly maxDecompressedBytes: number;
    /** One gRPC message, after decompression. */
    readonly maxGrpcMessageBytes: number;
    /** Spans in one request; more is refused whole with 413 / RESOURCE_EXHAUSTED. */
    readonly maxSpansPerRequest: number;
    /** Nesting of array/map attribute values; deeper is undecodable (400). */
    readonly maxAttributeDepth: number;
  };
  /** Per-span caps, enforced like an SDK's SpanLimits: excess is dropped, counted and warned. */
  readonly spanLimits: {
    readonly maxAttributes: number;
    readonly maxAttributeValueLength: number;
    readonly maxEvents: number;
    readonly maxLinks: number;
  };
  readonly inFlight: InFlightLimits;
  readonly tenancy: TenancyConfig;
  readonly collectorTags: readonly Attribute[];
  /** Spans starting further than this in the future or past are flagged with a warning. */
  readonly maxFutureMs: number;
  readonly maxPastMs: number;
}

const DEFAULT_PORTS: Record<ReceiverName, number> = { 'otlp-grpc': 4317, 'otlp-http': 4318, 'jaeger-grpc': 14250, 'jaeger-thrift-http': 14268, 'zipkin-http': 9411 };
const PORT_VARIABLES: Record<ReceiverName, string> = {
  'otlp-grpc': 'OTLP_GRPC_PORT',
  'otlp-http': 'OTLP_HTTP_PORT',
  'jaeger-grpc': 'JAEGER_GRPC_PORT',
  'jaeger-thrift-http': 'JAEGER_THRIFT_HTTP_PORT',
  'zipkin-http': 'ZIPKIN_HTTP_PORT',
};

/** The receiver settings shared by the collector and the all-in-one (docs/configuration.md). */
export function readReceiversConfig(env: EnvReader): ReceiversConfig {
  const names = env.list('RECEIVERS', RECEIVER_NAMES);
  const unknown = names.filter((name) => !(RECEIVER_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) env.problem(`RECEIVERS: unknown receiver(s) ${unknown.join(', ')}; known: ${RECEIVER_NAMES.join(', ')}`);
  const ports = Object.fromEntries(RECEIVER_NAMES.map((name) => [name, env.port(PORT_VARIABLES[name], DEFAULT_PORTS[name])])) as Record<ReceiverName, number>;
  const tenancy = readTenancyConfig(env);
  const maxHttpBodyBytes = env.sizeBytes('HTTP_MAX_BODY_BYTES', parseSizeBytes('20MiB') as number, { min: 1024 });
  return {
    enabled: new Set(names.filter((name): name is ReceiverName => (RECEIVER_NAMES as readonly string[]).includes(name))),
    ports,
    limits: {
      maxHttpBodyBytes,
      maxDecompressedBytes: env.sizeBytes('HTTP_MAX_DECOMPRESSED_BYTES', parseSizeBytes('20MiB') as number, { min: 1024 }),
      maxGrpcMessageBytes: env.sizeBytes('GRPC_MAX_MESSAGE_BYTES', parseSizeBytes('4MiB') as number, { min: 1024 }),
      maxSpansPerRequest: env.int('MAX_SPANS_PER_REQUEST', 65_536, { min: 1 }),
      maxAttributeDepth: env.int('MAX_ATTRIBUTE_DEPTH', 64, { min: 1, max: 1000 }),
    },
    spanLimits: {
      maxAttributes: env.int('MAX_ATTRIBUTES_PER_SPAN', 128, { min: 0 }),
      maxAttributeValueLength: env.int('MAX_ATTRIBUTE_VALUE_LENGTH', 65_536, { min: 1 }),
      maxEvents: env.int('MAX_EVENTS_PER_SPAN', 128, { min: 0 }),
      maxLinks: env.int('MAX_LINKS_PER_SPAN', 128, { min: 0 }),
    },
    inFlight: {
      maxSpans: env.int('INFLIGHT_MAX_SPANS', 100_000, { min: 1 }),
      maxBytes: env.sizeBytes('INFLIGHT_MAX_BYTES', parseSizeBytes('128MiB') as number, { min: 1024 }),
      retryAfterMs: env.durationMs('RETRY_AFTER', 1000, { min: 1 }),
    },
    tenancy,
    collectorTags: Object.entries(env.keyValues('COLLECTOR_TAGS')).map(([key, value]) => ({ key, value: { type: 'string', value } })),
    maxFutureMs: env.durationMs('SPAN_MAX_FUTURE', 3_600_000),
    maxPastMs: env.durationMs('SPAN_MAX_PAST', 7 * 86_400_000),
  };
}

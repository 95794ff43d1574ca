import type { FastifyInstance } from 'fastify';
import type { Logger, Service } from '@waymark/platform';
import { createSanitizer, decodeOtlpProto, scanOtlpProto, warmUpOtlpProtoPath } from '@waymark/span-translate';
import type { OtlpScanRules } from '@waymark/span-translate';
import type { SpanWriter } from '@waymark/storage-api';
import type { Registry } from 'prom-client';
import { createGrpcServer } from './grpc/grpc-server';
import { grpcIngest } from './grpc/grpc-ingest';
import type { GrpcIngestMethod } from './grpc/grpc-ingest';
import type { RawUnaryMethod } from './grpc/grpc-server';
import { createReceiverServer } from './http/receiver-server';
import type { IngestRoute } from './http/http-route';
import { CollectorMetrics } from './pipeline/collector-metrics';
import { InFlightBudget } from './pipeline/in-flight-budget';
import { SpanPipeline } from './pipeline/span-pipeline';
import type { Decoded } from './pipeline/span-pipeline';
import { Tenancy } from '@waymark/platform';
import type { RootSpanCounter } from './sampling/root-span-counter';
import type { ReceiverName, ReceiversConfig } from './receivers-config';
import { jaegerPostSpans } from './routes/jaeger-grpc';
import { jaegerThriftRoute } from './routes/jaeger-thrift-http';
import { otlpExport } from './routes/otlp-grpc';
import { otlpHttpRoute } from './routes/otlp-http';
import { zipkinV2Route } from './routes/zipkin-http';

export interface ReceiversDeps {
  readonly config: ReceiversConfig;
  readonly listenHost: string;
  readonly writer: SpanWriter;
  readonly logger: Logger;
  readonly registry: Registry;
  /** Extra routes per HTTP receiver port (e.g. Jaeger v1's `/api/sampling` on :14268). */
  readonly extendHttp?: Partial<Record<ReceiverName, (fastify: FastifyInstance) => void>>;
  /** Extra gRPC methods per gRPC receiver port (e.g. Jaeger v1's SamplingManager on :14250). */
  readonly extendGrpc?: Partial<Record<ReceiverName, readonly RawUnaryMethod[]>>;
  /** Counts root spans of stored requests for adaptive sampling. */
  readonly rootSpans?: RootSpanCounter;
  readonly now?: () => number;
}

export interface Receivers {
  readonly pipeline: SpanPipeline;
  /** Listeners in start order; stop them in reverse (the lifecycle does), then close the pipeline. */
  readonly servers: ReadonlyArray<Service & { readonly port: number }>;
  /**
   * Start before the servers: compiles the OTLP fast path on a synthetic request (`warmUpOtlpProtoPath`)
   * when it is on, so a fresh collector's first requests are not the slow ones. Nothing otherwise.
   */
  readonly warmUp: Service;
  /** Bound port of each enabled receiver. */
  port(name: ReceiverName): number | undefined;
}


/**
 * Every enabled receiver over one span pipeline writing to `writer`: what both the collector
 * (writer = Kafka) and the all-in-one (writer = memory or Elasticsearch) run.
 */
export function buildReceivers(deps: ReceiversDeps): Receivers {
  const { config } = deps;
  const budget = new InFlightBudget(config.inFlight);
  const metrics = new CollectorMetrics(deps.registry, budget);
  const pipeline = new SpanPipeline({
    writer: deps.writer,
    budget,
    sanitize: createSanitizer({ timeWindow: { maxFutureMs: config.maxFutureMs, maxPastMs: config.maxPastMs, now: deps.now ?? Date.now }, limits: config.spanLimits }),
    collectorTags: config.collectorTags,
    metrics,
    logger: deps.logger,
    retryAfterMs: config.inFlight.retryAfterMs,
    maxSpansPerRequest: config.limits.maxSpansPerRequest,
    ...(deps.rootSpans ? { rootSpans: deps.rootSpans } : {}),
  });
  const tenancy = new Tenancy(config.tenancy);
  const depth = config.limits.maxAttributeDepth;
  const fastPath = fastPathRules(config, deps.writer.writeEncoded !== undefined);
  const now = deps.now ?? Date.now;
  const readProto = otlpProtoReader(config, fastPath, now, metrics);
  const warmUp: Service = {
    name: 'otlp-fast-path-warm-up',
    start: async () => {
      if (!fastPath) return;
      try {
        const ms = warmUpOtlpProtoPath({ ...fastPath, window: { ...fastPath.window, nowMs: now() } });
        deps.logger.debug({ ms: Math.round(ms) }, 'OTLP fast path compiled');
      } catch (error) {
        // Only a speed-up: span limits this strict (say MAX_ATTRIBUTES_PER_SPAN=2) keep most requests off the fast path anyway.
        deps.logger.warn({ err: error }, 'OTLP fast path not warmed up');
      }
    },
    stop: async () => undefined,
  };
  const httpRoutes: Partial<Record<ReceiverName, IngestRoute>> = { 'otlp-http': otlpHttpRoute(depth, readProto), 'jaeger-thrift-http': jaegerThriftRoute, 'zipkin-http': zipkinV2Route };
  const grpcMethods: Partial<Record<ReceiverName, GrpcIngestMethod>> = { 'otlp-grpc': otlpExport(readProto), 'jaeger-grpc': jaegerPostSpans };

  const servers: Array<Service & { readonly port: number }> = [];
  const byName = new Map<ReceiverName, { readonly port: number }>();
  for (const name of config.enabled) {
    const route = httpRoutes[name];
    const method = grpcMethods[name];
    const server = route
      ? createReceiverServer({
          name,
          host: deps.listenHost,
          port: config.ports[name],
          routes: [route],
          pipeline,
          tenancy,
          maxBodyBytes: config.limits.maxHttpBodyBytes,
          maxDecompressedBytes: config.limits.maxDecompressedBytes,
          logger: deps.logger,
          ...(deps.extendHttp?.[name] ? { extend: deps.extendHttp[name] } : {}),
        })
      : createGrpcServer({
          name,
          host: deps.listenHost,
          port: config.ports[name],
          maxMessageBytes: config.limits.maxGrpcMessageBytes,
          methods: [grpcIngest(method as GrpcIngestMethod, { pipeline, tenancy }), ...(deps.extendGrpc?.[name] ?? [])],
          logger: deps.logger,
        });
    servers.push(server);
    byName.set(name, server);
  }
  return { pipeline, servers, warmUp, port: (name) => byName.get(name)?.port };
}

/**
 * How OTLP protobuf requests are read. When the writer stores encoded batches (the collector's
 * Kafka writer), a request is first scanned: if nothing in it needs the decoder's repairs or the
 * sanitizers (the same limits and time window), its bytes go to Kafka regrouped, with the
 * collector tags added to its resources, never decoded (ADR 012). Anything else is decoded,
 * rejected and sanitized as always.
 */
function otlpProtoReader(config: ReceiversConfig, fastPath: FastPathRules | undefined, now: () => number, metrics: CollectorMetrics): (bytes: Buffer) => Decoded {
  const decode = (bytes: Buffer) => {
    metrics.otlpProtoReads.inc({ path: 'decoded' });
    return decodeOtlpProto(bytes, { maxAnyValueDepth: config.limits.maxAttributeDepth });
  };
  if (fastPath === undefined) return decode;
  return (bytes) => {
    const batch = scanOtlpProto(bytes, { ...fastPath, window: { ...fastPath.window, nowMs: now() } });
    if (batch === undefined) return decode(bytes);
    metrics.otlpProtoReads.inc({ path: 'copied' });
    return batch;
  };
}

/** The scan's rules but the time of the request. */
type FastPathRules = Omit<OtlpScanRules, 'window'> & { readonly window: { readonly maxFutureMs: number; readonly maxPastMs: number } };

/** The fast path's rules, from the same settings as the sanitizers; undefined when it is off. */
function fastPathRules(config: ReceiversConfig, writerTakesEncoded: boolean): FastPathRules | undefined {
  const resourceTags = config.collectorTags.flatMap(({ key, value }) => (value.type === 'string' ? [{ key, value: value.value }] : []));
  if (!writerTakesEncoded || resourceTags.length < config.collectorTags.length) return undefined;
  return { maxAnyValueDepth: config.limits.maxAttributeDepth, limits: config.spanLimits, window: { maxFutureMs: config.maxFutureMs, maxPastMs: config.maxPastMs }, resourceTags };
}

// jaeger-client 3.19 ships no types: the little the tests use of it, as it is.

declare module 'jaeger-client' {
  interface JaegerSpanContext {
    /** 16 (or 8) bytes, big-endian. */
    readonly traceId: Buffer;
    readonly spanId: Buffer;
  }
  interface JaegerSpan {
    context(): JaegerSpanContext;
    setTag(key: string, value: unknown): this;
    log(fields: Record<string, unknown>, timestampMs?: number): this;
    finish(finishTimeMs?: number): void;
  }
  interface StartSpanOptions {
    readonly childOf?: JaegerSpan | JaegerSpanContext;
    readonly startTime?: number;
    readonly tags?: Record<string, unknown>;
  }
  export class RemoteReporter {
    constructor(sender: unknown, options?: { bufferFlushInterval?: number; logger?: { info(msg: string): void; error(msg: string): void } });
  }
  export class ConstSampler {
    constructor(decision: boolean);
  }
  export class Tracer {
    constructor(serviceName: string, reporter: RemoteReporter, sampler: ConstSampler, options?: { traceId128bit?: boolean; tags?: Record<string, unknown>; logger?: { info(msg: string): void; error(msg: string): void } });
    startSpan(name: string, options?: StartSpanOptions): JaegerSpan;
    close(callback?: () => void): void;
  }
}

declare module 'jaeger-client/dist/src/reporters/http_sender.js' {
  class HTTPSender {
    constructor(options: { endpoint: string; timeoutMs?: number; logger?: { info(msg: string): void; error(msg: string): void } });
    /** Posts the spans appended so far; the callback gets their count and an error text on failure. */
    flush(callback: (numSpans: number, error?: string) => void): void;
  }
  // The CommonJS module sets exports.default, so that is how it is declared.
  // eslint-disable-next-line no-restricted-syntax
  export default HTTPSender;
}

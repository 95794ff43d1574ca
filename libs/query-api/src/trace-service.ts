import type { Trace, TraceId } from '@waymark/span-model';
import type { ReadContext, SpanReader, TimeHint, TraceQuery } from '@waymark/storage-api';

/** A pure trace → trace function run on every trace served unless raw is asked (`adjustTrace` of span-translate). */
export type TraceAdjuster = (trace: Trace) => Trace;

export const NO_ADJUSTMENT: TraceAdjuster = (trace) => trace;

/** Lookups by id run at most this many at once per request. */
const LOOKUP_CONCURRENCY = 8;

export interface TracesById {
  /** Found traces, in the order their ids were asked. */
  readonly found: readonly Trace[];
  readonly missing: readonly TraceId[];
}

/** What both API versions do with traces: read them for the request's tenant, then adjust unless raw. */
export class TraceService {
  constructor(
    private readonly reader: SpanReader,
    private readonly adjust: TraceAdjuster,
  ) {}

  async getTraces(ids: readonly TraceId[], hint: TimeHint, context: ReadContext, raw: boolean): Promise<TracesById> {
    const results = new Array<Trace | undefined>(ids.length);
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < ids.length; i = next++) results[i] = await this.reader.getTrace(ids[i] as TraceId, hint, context);
    };
    await Promise.all(Array.from({ length: Math.min(LOOKUP_CONCURRENCY, ids.length) }, worker));
    const found: Trace[] = [];
    const missing: TraceId[] = [];
    results.forEach((trace, i) => (trace && trace.spans.length > 0 ? found.push(this.prepare(trace, raw)) : missing.push(ids[i] as TraceId)));
    return { found, missing };
  }

  async findTraces(query: TraceQuery, context: ReadContext, raw: boolean): Promise<Trace[]> {
    return (await this.reader.findTraces(query, context)).map((trace) => this.prepare(trace, raw));
  }

  private prepare(trace: Trace, raw: boolean): Trace {
    return raw ? trace : this.adjust(trace);
  }
}

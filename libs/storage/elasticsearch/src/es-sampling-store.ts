import { createHash } from 'node:crypto';
import type { Client, estypes } from '@elastic/elasticsearch';
import { SamplingStoreError } from '@waymark/storage-api';
import type { LeaseGrant, OperationThroughput, ProbabilitiesSnapshot, SamplingStore, ServiceOperationValues, ThroughputReport } from '@waymark/storage-api';
import { esFailureOf, isTransientFailure } from './es-errors';
import { releaseEsLease, tryAcquireEsLease } from './es-lease';
import { putSamplingTemplate, samplingIndexName, samplingIndexWildcard, samplingLeaseIndex } from './es-sampling-template';
import type { SamplingIndexSettings } from './es-sampling-template';

export interface EsSamplingStoreOptions {
  readonly client: Client;
  /** Jaeger's `es.index-prefix` (`''` for none). Sampling state is not per tenant. */
  readonly indexPrefix: string;
  /** Install the sampling index template before the first write (off when an operator manages templates). */
  readonly createTemplates: boolean;
  readonly indexSettings: SamplingIndexSettings;
}

interface ThroughputSource {
  readonly throughputs?: { readonly Service?: string; readonly Operation?: string; readonly Count?: number };
}
interface ProbabilitiesSource {
  readonly timestamp: string;
  /** Waymark's ordering fields (absent in Jaeger's documents and in ours from before terms: read as 0). */
  readonly leaseTerm?: number;
  readonly sequence?: number;
  readonly probabilitiesandqps: { readonly Hostname: string; readonly Probabilities: ServiceOperationValues; readonly QPS: ServiceOperationValues };
}

const COMPOSITE_PAGE = 1000;
const idOf = (...parts: Array<string | number>): string => createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 32);

/**
 * The SamplingStore over Elasticsearch (see es-sampling-template.ts for the layout). Writes use
 * `refresh: wait_for`, so a resolved write is durable and already searchable: the leader never
 * misses a report that was acknowledged before its window closed. Throughput documents have
 * deterministic ids, so a re-sent report overwrites itself. The leader reads throughput as a
 * composite aggregation (sum of `Count` per service and operation), paged, so the number of
 * documents in a window is not limited by a search's size. Probabilities documents carry the
 * leader's lease term and sequence (`leaseTerm`, `sequence`), by which the latest is chosen.
 */
export class EsSamplingStore implements SamplingStore {
  private template: Promise<void> | undefined;

  constructor(private readonly options: EsSamplingStoreOptions) {}

  async insertThroughput(report: ThroughputReport): Promise<void> {
    if (report.throughput.length === 0) return;
    await this.ensureTemplate();
    const index = samplingIndexName(this.options.indexPrefix, report.timestampMs);
    const timestamp = new Date(report.timestampMs).toISOString();
    const operations = report.throughput.flatMap((entry) => [
      { index: { _index: index, _id: idOf(report.reporter, report.timestampMs, entry.service, entry.operation) } },
      { timestamp, reporter: report.reporter, throughputs: { Service: entry.service, Operation: entry.operation, Count: entry.count, Probabilities: [] } },
    ]);
    const response = await this.call('insert throughput', () => this.options.client.bulk({ operations, refresh: 'wait_for' }));
    if (response.errors) {
      const failed = response.items.map((item) => item.index).find((item) => item?.error);
      const status = failed?.status;
      throw new SamplingStoreError(`throughput not stored: ${JSON.stringify(failed?.error ?? {}).slice(0, 300)}`, isTransientFailure({ status }));
    }
  }

  async getThroughput(startMs: number, endMs: number): Promise<OperationThroughput[]> {
    const result: OperationThroughput[] = [];
    let after: Record<string, string> | undefined;
    do {
      const response = await this.call('get throughput', () =>
        this.options.client.search<ThroughputSource>({
          index: samplingIndexWildcard(this.options.indexPrefix),
          ignore_unavailable: true,
          allow_no_indices: true,
          size: 0,
          query: { bool: { filter: [{ range: { timestamp: { gte: startMs, lt: endMs, format: 'epoch_millis' } } }, { exists: { field: 'throughputs.Service' } }] } },
          aggs: {
            ops: {
              composite: {
                size: COMPOSITE_PAGE,
                sources: [{ service: { terms: { field: 'throughputs.Service' } } }, { operation: { terms: { field: 'throughputs.Operation' } } }],
                ...(after ? { after } : {}),
              },
              aggs: { count: { sum: { field: 'throughputs.Count' } } },
            },
          },
        }),
      );
      const ops = response.aggregations?.['ops'] as estypes.AggregationsCompositeAggregate | undefined;
      const buckets = (ops?.buckets ?? []) as unknown as Array<{ key: Record<string, string>; count: { value: number } }>;
      for (const bucket of buckets) result.push({ service: String(bucket.key['service']), operation: String(bucket.key['operation']), count: bucket.count.value });
      after = buckets.length === COMPOSITE_PAGE ? (ops?.after_key as Record<string, string> | undefined) : undefined;
    } while (after);
    return result;
  }

  async insertProbabilities(snapshot: ProbabilitiesSnapshot): Promise<void> {
    await this.ensureTemplate();
    await this.call('insert probabilities', () =>
      this.options.client.index({
        index: samplingIndexName(this.options.indexPrefix, snapshot.timestampMs),
        id: idOf('probabilities', snapshot.leader, snapshot.term, snapshot.sequence),
        refresh: 'wait_for',
        document: {
          timestamp: new Date(snapshot.timestampMs).toISOString(),
          leaseTerm: snapshot.term,
          sequence: snapshot.sequence,
          probabilitiesandqps: { Hostname: snapshot.leader, Probabilities: snapshot.probabilities, QPS: snapshot.qps },
        },
      }),
    );
  }

  async getLatestProbabilities(): Promise<ProbabilitiesSnapshot | undefined> {
    const response = await this.call('get latest probabilities', () =>
      this.options.client.search<ProbabilitiesSource>({
        index: samplingIndexWildcard(this.options.indexPrefix),
        ignore_unavailable: true,
        allow_no_indices: true,
        size: 1,
        query: { exists: { field: 'probabilitiesandqps.Hostname' } },
        // By lease term, then the leader's sequence: never by the leader's wall clock, which may be
        // behind its predecessor's. Documents without a term (Jaeger's, or older) sort last, by time.
        sort: [
          { leaseTerm: { order: 'desc', unmapped_type: 'long', missing: '_last' } },
          { sequence: { order: 'desc', unmapped_type: 'long', missing: '_last' } },
          { timestamp: { order: 'desc', unmapped_type: 'date' } },
        ],
      }),
    );
    const source = response.hits.hits[0]?._source;
    if (!source) return undefined;
    const { Hostname, Probabilities, QPS } = source.probabilitiesandqps;
    return { timestampMs: Date.parse(source.timestamp), leader: Hostname, term: source.leaseTerm ?? 0, sequence: source.sequence ?? 0, probabilities: Probabilities ?? {}, qps: QPS ?? {} };
  }

  tryAcquireLease(name: string, holder: string, ttlMs: number, nowMs: number): Promise<LeaseGrant | undefined> {
    return this.call('acquire lease', () => tryAcquireEsLease(this.options.client, samplingLeaseIndex(this.options.indexPrefix), name, holder, ttlMs, nowMs));
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return this.call('release lease', () => releaseEsLease(this.options.client, samplingLeaseIndex(this.options.indexPrefix), name, holder));
  }

  private ensureTemplate(): Promise<void> {
    if (!this.options.createTemplates) return Promise.resolve();
    if (!this.template) {
      this.template = this.call('install sampling template', () => putSamplingTemplate(this.options.client, this.options.indexPrefix, this.options.indexSettings));
      this.template.catch(() => (this.template = undefined));
    }
    return this.template;
  }

  private async call<T>(what: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      if (error instanceof SamplingStoreError) throw error;
      const failure = esFailureOf(error);
      throw new SamplingStoreError(`${what}: ${failure.reason}`, isTransientFailure(failure), { cause: error });
    }
  }
}

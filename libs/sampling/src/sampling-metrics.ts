import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';

/** The sampling manager's metrics, on the app's registry. Labels are closed sets (never client data). */
export class SamplingMetrics {
  readonly requests: Counter<'transport' | 'result'>;
  readonly reloads: Counter<'result'>;
  readonly strategiesFileValid: Gauge;
  readonly calculations: Counter<'result'>;
  readonly storeErrors: Counter<'operation'>;
  readonly isLeader: Gauge;
  readonly operationsCalculated: Gauge;
  readonly probabilitiesTimestamp: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.requests = new Counter({ name: 'waymark_sampling_requests_total', help: 'Strategy requests, by transport (http, grpc) and result (ok, invalid).', labelNames: ['transport', 'result'], registers });
    this.reloads = new Counter({
      name: 'waymark_sampling_strategies_reloads_total',
      help: 'Strategies file checks, by result: loaded (changed and valid), unchanged (same bytes as the last check, valid or not: not parsed again), failed (kept the last good strategies).',
      labelNames: ['result'],
      registers,
    });
    this.strategiesFileValid = new Gauge({
      name: 'waymark_sampling_strategies_file_valid',
      help: '1 while the strategies file as it is now is what is served; 0 while it is unreadable, too large or invalid (the last good strategies are served).',
      registers,
    });
    this.calculations = new Counter({ name: 'waymark_sampling_calculations_total', help: 'Adaptive calculation rounds, by result (calculated, follower, failed).', labelNames: ['result'], registers });
    this.storeErrors = new Counter({ name: 'waymark_sampling_store_errors_total', help: 'Failed sampling-store operations, by operation.', labelNames: ['operation'], registers });
    this.isLeader = new Gauge({ name: 'waymark_sampling_leader', help: '1 while this replica holds the adaptive-sampling lease.', registers });
    this.operationsCalculated = new Gauge({ name: 'waymark_sampling_operations_calculated', help: 'Operations whose probability the last calculation produced.', registers });
    this.probabilitiesTimestamp = new Gauge({ name: 'waymark_sampling_probabilities_timestamp_seconds', help: 'When the probabilities this replica serves were calculated (0: none yet).', registers });
  }
}

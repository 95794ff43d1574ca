import { readFile as fsReadFile } from 'node:fs/promises';
import type { Logger, Service } from '@waymark/platform';
import type { SamplingMetrics } from '../sampling-metrics';
import type { SamplingStrategyResponse, StrategyProvider } from '../strategy';
import { Ticker } from '../ticker';
import { defaultStrategyTable, parseStrategiesFile } from './strategies-file';
import type { StrategyTable } from './strategies-file';

export interface FileStrategyProviderOptions {
  /** The strategies file; undefined serves `probabilistic(defaultProbability)` to everyone. */
  readonly path: string | undefined;
  /** How often the file is checked; 0 = never after start. */
  readonly reloadIntervalMs: number;
  /** Jaeger's `default_sampling_probability`: the default strategy when the file names none. */
  readonly defaultProbability: number;
  readonly logger: Logger;
  readonly metrics: SamplingMetrics;
  readonly readFile?: (path: string) => Promise<Buffer>;
}

/**
 * Strategies from a file in Jaeger's format. `start` loads it and fails when it cannot be read
 * or is invalid (a bad configuration is seen at once). Then every `reloadIntervalMs` the file is
 * read again; when its bytes changed it is parsed and, if valid, replaces the strategies served
 * from then on. A file that has become unreadable or invalid keeps the last good strategies,
 * logs why (once per distinct content) and counts `reloads{result="failed"}`.
 */
export class FileStrategyProvider implements StrategyProvider, Service {
  readonly name = 'file-strategies';
  private table: StrategyTable;
  private lastBytes: Buffer | undefined;
  private lastFailure: string | undefined;
  private readonly ticker: Ticker;
  private readonly readFile: (path: string) => Promise<Buffer>;

  constructor(private readonly options: FileStrategyProviderOptions) {
    this.table = defaultStrategyTable(options.defaultProbability);
    this.readFile = options.readFile ?? fsReadFile;
    this.ticker = new Ticker(() => this.reload(), () => options.reloadIntervalMs);
  }

  getStrategy(service: string): SamplingStrategyResponse {
    return this.table.services.get(service) ?? this.table.defaultStrategy;
  }

  async start(): Promise<void> {
    const { path } = this.options;
    if (path === undefined) return;
    const bytes = await this.readFile(path);
    this.table = parseStrategiesFile(bytes.toString('utf8'), this.options.defaultProbability);
    this.lastBytes = bytes;
    this.options.metrics.reloads.inc({ result: 'loaded' });
    this.options.logger.info({ path, services: this.table.services.size }, 'sampling strategies loaded');
    if (this.options.reloadIntervalMs > 0) this.ticker.start();
  }

  stop(): Promise<void> {
    return this.ticker.stop();
  }

  /** Checks the file once (what the interval does); resolves whatever happened. */
  async reload(): Promise<void> {
    const { path, logger, metrics } = this.options;
    if (path === undefined) return;
    let bytes: Buffer;
    try {
      bytes = await this.readFile(path);
      if (this.lastBytes?.equals(bytes)) {
        metrics.reloads.inc({ result: 'unchanged' });
        return;
      }
      this.table = parseStrategiesFile(bytes.toString('utf8'), this.options.defaultProbability);
    } catch (error) {
      metrics.reloads.inc({ result: 'failed' });
      const reason = error instanceof Error ? error.message : String(error);
      if (reason !== this.lastFailure) logger.warn({ path, reason }, 'sampling strategies file not reloaded; serving the last good strategies');
      this.lastFailure = reason;
      return;
    }
    this.lastBytes = bytes;
    this.lastFailure = undefined;
    metrics.reloads.inc({ result: 'loaded' });
    logger.info({ path, services: this.table.services.size }, 'sampling strategies reloaded');
  }
}

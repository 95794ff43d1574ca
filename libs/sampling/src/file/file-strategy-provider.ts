import type { Logger, Service } from '@waymark/platform';
import type { SamplingMetrics } from '../sampling-metrics';
import type { SamplingStrategyResponse, StrategyProvider } from '../strategy';
import { Ticker } from '../ticker';
import { readFileCapped, tooLargeError } from './read-capped';
import { defaultStrategyTable, parseStrategiesFile } from './strategies-file';
import type { StrategyTable } from './strategies-file';

export interface FileStrategyProviderOptions {
  /** The strategies file; undefined serves `probabilistic(defaultProbability)` to everyone. */
  readonly path: string | undefined;
  /** How often the file is checked; 0 = never after start. */
  readonly reloadIntervalMs: number;
  /** Jaeger's `default_sampling_probability`: the default strategy when the file names none. */
  readonly defaultProbability: number;
  /** A larger file is refused (at start: the start fails; on reload: the last good strategies stay). Default 10 MiB. */
  readonly maxFileBytes?: number;
  readonly logger: Logger;
  readonly metrics: SamplingMetrics;
  /** Reads at most `maxBytes` or rejects; by default from the file system. */
  readonly readFile?: (path: string, maxBytes: number) => Promise<Buffer>;
}

/** Jaeger's files are a few kilobytes; this leaves room for thousands of services. */
export const DEFAULT_MAX_STRATEGIES_FILE_BYTES = 10 * 1024 * 1024;

/**
 * Strategies from a file in Jaeger's format. `start` loads it and fails when it cannot be read
 * or is invalid (a bad configuration is seen at once). Then every `reloadIntervalMs` the file is
 * read again; when its bytes changed it is parsed and, if valid, replaces the strategies served
 * from then on. A file that has become unreadable, too large or invalid keeps the last good
 * strategies, logs why (once per distinct reason), counts `reloads{result="failed"}` and sets
 * `strategies_file_valid` to 0. An invalid file is parsed once: while its bytes stay the same,
 * later checks count `unchanged` without parsing it again. Files larger than `maxFileBytes`
 * are refused without being read whole.
 */
export class FileStrategyProvider implements StrategyProvider, Service {
  readonly name = 'file-strategies';
  private table: StrategyTable;
  private lastBytes: Buffer | undefined;
  /** The content that failed to parse last, so an unchanged bad file is not parsed every interval. */
  private lastBadBytes: Buffer | undefined;
  private lastFailure: string | undefined;
  private readonly ticker: Ticker;
  private readonly maxBytes: number;

  constructor(private readonly options: FileStrategyProviderOptions) {
    this.table = defaultStrategyTable(options.defaultProbability);
    this.maxBytes = options.maxFileBytes ?? DEFAULT_MAX_STRATEGIES_FILE_BYTES;
    this.ticker = new Ticker(() => this.reload(), () => options.reloadIntervalMs);
  }

  getStrategy(service: string): SamplingStrategyResponse {
    return this.table.services.get(service) ?? this.table.defaultStrategy;
  }

  async start(): Promise<void> {
    const { path } = this.options;
    if (path === undefined) return;
    const bytes = await this.read(path);
    this.table = parseStrategiesFile(bytes.toString('utf8'), this.options.defaultProbability);
    this.lastBytes = bytes;
    this.options.metrics.reloads.inc({ result: 'loaded' });
    this.options.metrics.strategiesFileValid.set(1);
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
    let bytes: Buffer | undefined;
    try {
      bytes = await this.read(path);
      if (this.lastBytes?.equals(bytes)) {
        // Also the way back from a broken file to the one being served.
        this.lastBadBytes = undefined;
        this.lastFailure = undefined;
        metrics.reloads.inc({ result: 'unchanged' });
        metrics.strategiesFileValid.set(1);
        return;
      }
      if (this.lastBadBytes?.equals(bytes)) {
        metrics.reloads.inc({ result: 'unchanged' });
        return;
      }
      this.table = parseStrategiesFile(bytes.toString('utf8'), this.options.defaultProbability);
    } catch (error) {
      this.lastBadBytes = bytes;
      metrics.reloads.inc({ result: 'failed' });
      metrics.strategiesFileValid.set(0);
      const reason = error instanceof Error ? error.message : String(error);
      if (reason !== this.lastFailure) logger.warn({ path, reason }, 'sampling strategies file not reloaded; serving the last good strategies');
      this.lastFailure = reason;
      return;
    }
    this.lastBytes = bytes;
    this.lastBadBytes = undefined;
    this.lastFailure = undefined;
    metrics.reloads.inc({ result: 'loaded' });
    metrics.strategiesFileValid.set(1);
    logger.info({ path, services: this.table.services.size }, 'sampling strategies reloaded');
  }

  private async read(path: string): Promise<Buffer> {
    const bytes = await (this.options.readFile ?? readFileCapped)(path, this.maxBytes);
    if (bytes.length > this.maxBytes) throw tooLargeError(path, this.maxBytes);
    return bytes;
  }
}

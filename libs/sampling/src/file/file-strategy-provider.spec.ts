import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, createMetricsRegistry } from '@waymark/platform';
import { SamplingMetrics } from '../sampling-metrics';
import { FileStrategyProvider } from './file-strategy-provider';

const logger = createLogger({ service: 't', level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });
const strategies = (p: number) => JSON.stringify({ default_strategy: { type: 'probabilistic', param: p } });

describe('FileStrategyProvider', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'file-strategies-'));
    file = join(dir, 'strategies.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const setup = (maxFileBytes?: number) => {
    const registry = createMetricsRegistry();
    const provider = new FileStrategyProvider({
      path: file,
      reloadIntervalMs: 0,
      defaultProbability: 0.001,
      ...(maxFileBytes === undefined ? {} : { maxFileBytes }),
      logger,
      metrics: new SamplingMetrics(registry),
    });
    const metric = async (name: string, result?: string) =>
      (await registry.getSingleMetric(name)?.get())?.values.find((v) => result === undefined || v.labels['result'] === result)?.value ?? 0;
    const rate = () => provider.getStrategy('any').probabilisticSampling?.samplingRate;
    return { provider, metric, rate };
  };

  it('refuses to start with a file larger than the limit, naming the limit', async () => {
    writeFileSync(file, strategies(0.5) + ' '.repeat(2048));
    const { provider } = setup(1024);
    await expect(provider.start()).rejects.toThrow(/larger than the limit of 1024 bytes/);
  });

  it('keeps the last good strategies when the file grows past the limit', async () => {
    writeFileSync(file, strategies(0.5));
    const { provider, metric, rate } = setup(1024);
    await provider.start();
    writeFileSync(file, strategies(0.25) + ' '.repeat(2048));
    await provider.reload();
    expect(rate()).toBe(0.5);
    expect(await metric('waymark_sampling_strategies_reloads_total', 'failed')).toBe(1);
    expect(await metric('waymark_sampling_strategies_file_valid')).toBe(0);
  });

  it('parses an invalid file once, not at every check while it stays the same, and recovers when fixed', async () => {
    writeFileSync(file, strategies(0.5));
    const { provider, metric, rate } = setup();
    await provider.start();
    writeFileSync(file, '{ not json');
    for (let i = 0; i < 3; i++) await provider.reload();
    expect(rate()).toBe(0.5);
    expect(await metric('waymark_sampling_strategies_reloads_total', 'failed')).toBe(1);
    expect(await metric('waymark_sampling_strategies_reloads_total', 'unchanged')).toBe(2);
    expect(await metric('waymark_sampling_strategies_file_valid')).toBe(0);
    // Back to the bytes being served: valid again without a reload of the strategies.
    writeFileSync(file, strategies(0.5));
    await provider.reload();
    expect(await metric('waymark_sampling_strategies_file_valid')).toBe(1);
    writeFileSync(file, strategies(0.25));
    await provider.reload();
    expect(rate()).toBe(0.25);
    expect(await metric('waymark_sampling_strategies_reloads_total', 'loaded')).toBe(2);
  });
});

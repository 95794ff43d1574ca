import type { Logger } from './logger';

/**
 * One log line per burst of the same failure, never one per request or span: the first
 * occurrence of a key is logged at once; repeats within `intervalMs` are only counted, and the
 * next line for that key says how many were suppressed.
 */
export class BurstLog {
  private readonly last = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(key: string, fields: object, message: string): void {
    this.emit('warn', key, fields, message);
  }

  error(key: string, fields: object, message: string): void {
    this.emit('error', key, fields, message);
  }

  private emit(level: 'warn' | 'error', key: string, fields: object, message: string): void {
    const now = this.now();
    const entry = this.last.get(key);
    if (entry && now - entry.at < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    this.logger[level]({ ...fields, ...(entry?.suppressed ? { suppressedSinceLast: entry.suppressed } : {}) }, message);
    this.last.set(key, { at: now, suppressed: 0 });
    // The key set is bounded by the callers' keys (reasons, not client data); guard anyway.
    if (this.last.size > 1000) this.last.clear();
  }
}

/**
 * Environment-variable configuration, parsed once at start into typed values.
 *
 * `EnvReader` collects every problem instead of stopping at the first, so an operator sees all
 * bad variables at once; `done()` throws a `ConfigError` naming each of them.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const SIZE_UNITS: Record<string, number> = { b: 1, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, kb: 1000, mb: 1000 ** 2, gb: 1000 ** 3 };

/** Parses `500ms`, `2s`, `1.5m`, `72h`, `7d` (or a bare number of milliseconds) into milliseconds. */
export function parseDurationMs(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'ms').toLowerCase();
  return Number(match[1]) * (DURATION_UNITS[unit] ?? 1);
}

/** Parses `4194304`, `512KiB`, `20MiB`, `1GB` into bytes. */
export function parseSizeBytes(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)?\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = SIZE_UNITS[unit];
  return factor === undefined ? undefined : Math.floor(Number(match[1]) * factor);
}

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }

  private fail<T>(name: string, value: string, expected: string, fallback: T): T {
    this.problems.push(`${name}=${JSON.stringify(value)}: expected ${expected}`);
    return fallback;
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string): string | undefined {
    return this.raw(name);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    return (allowed as readonly string[]).includes(value) ? (value as T) : this.fail(name, value, `one of ${allowed.join(', ')}`, fallback);
  }

  int(name: string, fallback: number, bounds: NumberBounds = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed)) return this.fail(name, value, 'an integer', fallback);
    return this.checkBounds(name, value, parsed, bounds, fallback);
  }

  number(name: string, fallback: number, bounds: NumberBounds = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isFinite(parsed)) return this.fail(name, value, 'a number', fallback);
    return this.checkBounds(name, value, parsed, bounds, fallback);
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (/^(true|1|yes|on)$/i.test(value)) return true;
    if (/^(false|0|no|off)$/i.test(value)) return false;
    return this.fail(name, value, 'true or false', fallback);
  }

  /** A port number; 0 is accepted (bind any free port) so tests can run side by side. */
  port(name: string, fallback: number): number {
    return this.int(name, fallback, { min: 0, max: 65535 });
  }

  durationMs(name: string, fallback: number, bounds: NumberBounds = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = parseDurationMs(value);
    if (parsed === undefined) return this.fail(name, value, 'a duration such as 500ms, 2s, 5m, 72h', fallback);
    return this.checkBounds(name, value, parsed, bounds, fallback);
  }

  sizeBytes(name: string, fallback: number, bounds: NumberBounds = {}): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = parseSizeBytes(value);
    if (parsed === undefined) return this.fail(name, value, 'a size such as 4194304, 512KiB, 20MiB', fallback);
    return this.checkBounds(name, value, parsed, bounds, fallback);
  }

  /** Comma-separated list; empty entries are ignored. */
  list(name: string, fallback: readonly string[]): string[] {
    const value = this.raw(name);
    if (value === undefined) return [...fallback];
    return value.split(',').map((item) => item.trim()).filter((item) => item !== '');
  }

  /** Comma-separated `key=value` pairs. */
  keyValues(name: string): Record<string, string> {
    const result: Record<string, string> = {};
    for (const pair of this.list(name, [])) {
      const eq = pair.indexOf('=');
      if (eq <= 0) {
        this.fail(name, pair, 'comma-separated key=value pairs', undefined);
        continue;
      }
      result[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
    }
    return result;
  }

  /** Records a cross-field problem found by the caller's own validation. */
  problem(message: string): void {
    this.problems.push(message);
  }

  /** Throws a `ConfigError` listing every problem seen so far. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  private checkBounds(name: string, raw: string, value: number, bounds: NumberBounds, fallback: number): number {
    if (bounds.min !== undefined && value < bounds.min) return this.fail(name, raw, `>= ${bounds.min}`, fallback);
    if (bounds.max !== undefined && value > bounds.max) return this.fail(name, raw, `<= ${bounds.max}`, fallback);
    return value;
  }
}

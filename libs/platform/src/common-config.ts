import { LOG_LEVELS } from './logger';
import type { LogLevel } from './logger';
import type { EnvReader } from './config';

/** Settings every app shares: logging, the listen host, the admin port, the shutdown deadline. */
export interface CommonConfig {
  readonly logLevel: LogLevel;
  /** Host every listener binds to. 127.0.0.1 by default; containers set 0.0.0.0. */
  readonly listenHost: string;
  readonly adminPort: number;
  /** How long a graceful shutdown may take before the process gives up and exits non-zero. */
  readonly shutdownTimeoutMs: number;
}

export function readCommonConfig(env: EnvReader, defaults: { adminPort: number }): CommonConfig {
  return {
    logLevel: env.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    listenHost: env.string('LISTEN_HOST', '127.0.0.1'),
    adminPort: env.port('ADMIN_PORT', defaults.adminPort),
    shutdownTimeoutMs: env.durationMs('SHUTDOWN_TIMEOUT', 30_000, { min: 1 }),
  };
}

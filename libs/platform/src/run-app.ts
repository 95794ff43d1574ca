import { withDeadline } from './lifecycle';
import type { Service } from './lifecycle';
import type { Logger } from './logger';

export interface RunnableApp {
  readonly lifecycle: Service;
  readonly logger: Logger;
  readonly shutdownTimeoutMs: number;
}

/**
 * Starts the app and stops it gracefully on SIGTERM or SIGINT. Resolves with the exit code the
 * caller (main.ts, the only place that exits) should use: 0 after a clean stop, 1 when starting
 * or stopping failed or the shutdown deadline passed.
 */
export async function runUntilSignalled(app: RunnableApp, signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<number> {
  try {
    await app.lifecycle.start();
  } catch (error) {
    app.logger.fatal({ err: error }, 'failed to start');
    return 1;
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    for (const name of signals) process.once(name, () => resolve(name));
  });
  app.logger.info({ signal }, 'shutting down: stopping intake, draining, closing');
  try {
    await withDeadline(app.lifecycle.stop(), app.shutdownTimeoutMs, 'graceful shutdown');
    app.logger.info('stopped cleanly');
    return 0;
  } catch (error) {
    app.logger.error({ err: error }, 'shutdown was not clean');
    return 1;
  }
}

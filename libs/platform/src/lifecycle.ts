/**
 * A part of a process that is started and stopped. `start` resolves when the part is serving;
 * `stop` resolves when it has drained and released everything it held. Both are idempotent.
 */
export interface Service {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface LifecycleLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Starts services in the order added (dependencies first, listeners last) and stops them in
 * reverse: intake stops before the queues drain and the clients close. If a start fails, the
 * services already started are stopped again before the error is rethrown.
 */
export class Lifecycle implements Service {
  readonly name = 'lifecycle';
  private readonly services: Service[] = [];
  private readonly started: Service[] = [];
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly logger?: LifecycleLogger) {}

  add(service: Service): this {
    if (this.starting) throw new Error(`cannot add ${service.name}: lifecycle already started`);
    this.services.push(service);
    return this;
  }

  start(): Promise<void> {
    this.starting ??= this.startAll();
    return this.starting;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopAll();
    return this.stopping;
  }

  private async startAll(): Promise<void> {
    for (const service of this.services) {
      try {
        await service.start();
        this.started.push(service);
      } catch (error) {
        this.logger?.error({ err: error, component: service.name }, 'start failed; stopping what was started');
        await this.stop();
        throw error;
      }
    }
  }

  private async stopAll(): Promise<void> {
    const errors: unknown[] = [];
    for (const service of [...this.started].reverse()) {
      try {
        await service.stop();
        this.logger?.info({ component: service.name }, 'stopped');
      } catch (error) {
        errors.push(error);
        this.logger?.error({ err: error, component: service.name }, 'stop failed');
      }
    }
    this.started.length = 0;
    if (errors.length > 0) throw new AggregateError(errors, 'some services failed to stop cleanly');
  }
}

/** Resolves `work`, or rejects once `ms` have passed; the timer never keeps the process alive. */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

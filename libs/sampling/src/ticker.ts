/**
 * Runs `task` again `delayMs()` after each run ends (runs never overlap), on unref'd timers.
 * Errors are the task's to handle; a rejection is swallowed so the loop goes on. `stop` waits
 * for a run in progress.
 */
export class Ticker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(
    private readonly task: () => Promise<void>,
    private readonly delayMs: () => number,
  ) {}

  start(initialDelayMs = this.delayMs()): void {
    this.stopped = false;
    this.schedule(initialDelayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.task()
        .catch(() => undefined)
        .finally(() => {
          this.running = undefined;
          this.schedule(this.delayMs());
        });
    }, ms);
    this.timer.unref();
  }
}

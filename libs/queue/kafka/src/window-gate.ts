/** One place at a {@link WindowGate}: released once, taken again after a release (while waiting out a backoff). */
export interface WindowPermit {
  release(): void;
  /** Takes the place again after `release`; resolves at once if still held. */
  retake(): Promise<void>;
}

/**
 * Bounds how many windows of spans are decoded and not yet stored, over every partition batch
 * at once: first come, first served. `size` Infinity makes it a no-op.
 */
export class WindowGate {
  private free: number;
  private readonly waiting: Array<() => void> = [];

  constructor(size: number) {
    if (!(size >= 1)) throw new RangeError(`a window gate needs at least one place, not ${size}`);
    this.free = size;
  }

  /** Resolves with a held place once one is free. */
  async enter(): Promise<WindowPermit> {
    await this.take();
    let held = true;
    return {
      release: () => {
        if (!held) return;
        held = false;
        this.give();
      },
      retake: async () => {
        if (held) return;
        await this.take();
        held = true;
      },
    };
  }

  private async take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  private give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

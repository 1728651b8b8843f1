import type { Logger } from '../../platform/logger.js';

/**
 * Runs the outbox work soon after a write instead of waiting for the next scheduled run. Idle until
 * started (worker processes start it; tests and tools do not), one run at a time, and kicks that arrive
 * during a run coalesce into one more run. The scheduled jobs stay the guarantee; this only cuts latency.
 */
export class OutboxTrigger {
  private started = false;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly work: () => Promise<unknown>,
    private readonly logger: Logger,
    /** Wait before each run: lets a burst of writes share one run and bounds the runs to a few per second. */
    private readonly delayMs = 200,
  ) {}

  start(): void {
    this.started = true;
  }

  /** Stops taking kicks and waits for a run in progress. */
  async stop(): Promise<void> {
    this.started = false;
    await this.running;
  }

  kick(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      try {
        await this.work();
      } catch (err) {
        this.logger.warn({ err }, 'outbox run after a write failed; the scheduled job will retry');
      }
    } while (this.again && this.started);
  }
}

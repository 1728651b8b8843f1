import { setTimeout as sleep } from 'node:timers/promises';
import type { AppliedChange, AppliedListener } from './types.js';

/** Waits before each retry of a failed listener: short and in-process; what still fails is left to the listener's catch-up. */
const RETRY_DELAYS_MS = [10, 50, 200];

export type ListenerFailure = (listener: string, change: AppliedChange, err: unknown) => void;

/**
 * The follow-ups of applied changes (tier counters and upgrades). The change has happened when they run, so their
 * failure never reaches the caller as a failure of the change: each listener is retried a few times, then reported
 * to `onFailed` and left to catch up by itself (it folds the ledger by seq on its next sync).
 */
export class AppliedListeners {
  private readonly listeners: { name: string; listener: AppliedListener }[] = [];

  constructor(private readonly onFailed?: ListenerFailure) {}

  add(name: string, listener: AppliedListener): void {
    this.listeners.push({ name, listener });
  }

  /** Tells every listener, one after the other; never throws. */
  async notify(change: AppliedChange): Promise<void> {
    for (const { name, listener } of this.listeners) await this.tell(name, listener, change);
  }

  private async tell(name: string, listener: AppliedListener, change: AppliedChange): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await listener(change);
        return;
      } catch (err) {
        const delay = RETRY_DELAYS_MS[attempt];
        if (delay === undefined) {
          this.report(name, change, err);
          return;
        }
        await sleep(delay);
      }
    }
  }

  private report(name: string, change: AppliedChange, err: unknown): void {
    try {
      this.onFailed?.(name, change, err);
    } catch {
      // Reporting is logging and counting; the change stands whatever happens to the report.
    }
  }
}

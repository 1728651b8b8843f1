/**
 * Group commit: writes that concurrent requests make to one collection leave together. An idle writer sends a
 * write at once; writes made while a group is in flight wait for it and then leave in one command (at most
 * `maxGroup`), so under load each write costs a share of a command and never waits longer than one round trip
 * more. Each caller gets its own result, or the error of the command its write went out in.
 */
export class GroupCommit<I, O> {
  private queue: { item: I; resolve: (result: O) => void; reject: (err: unknown) => void }[] = [];
  private sending = false;

  constructor(
    /** Sends a group in one command; answers one result per item, in order. */
    private readonly send: (items: I[]) => Promise<O[]>,
    private readonly maxGroup: number,
  ) {}

  write(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.sending) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.sending = true;
    while (this.queue.length > 0) {
      const group = this.queue.splice(0, this.maxGroup);
      try {
        const results = await this.send(group.map((queued) => queued.item));
        group.forEach((queued, i) => queued.resolve(results[i] as O));
      } catch (err) {
        for (const queued of group) queued.reject(err);
      }
    }
    this.sending = false;
  }
}

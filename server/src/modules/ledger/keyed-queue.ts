/**
 * Runs work for the same key one at a time within this process. Only an optimisation: it keeps a
 * process's own requests from racing each other on one wallet (each lost race costs extra commands);
 * correctness across processes rests on the database's conditional updates, never on this queue.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

import type { Model } from 'mongoose';
import type { StoredOutboxMessage } from '../outbox/model.js';
import type { WebhookDelivery } from './model.js';

export interface RetentionResult {
  deliveries: number;
  messages: number;
}

const FINAL_STATUSES = ['delivered', 'failed', 'cancelled'] as const;
const MAX_BATCHES = 200;

/**
 * Deletes finished deliveries and fanned-out outbox messages older than the cutoff, in bounded batches (no TTL
 * indexes on FerretDB). Pending work is never touched, whatever its age.
 */
export class WebhookRetention {
  constructor(
    private readonly messages: Model<StoredOutboxMessage>,
    private readonly deliveries: Model<WebhookDelivery>,
    private readonly batchSize = 500,
  ) {}

  async run(cutoff: Date): Promise<RetentionResult> {
    return { deliveries: await this.deleteDeliveries(cutoff), messages: await this.deleteMessages(cutoff) };
  }

  private async deleteDeliveries(cutoff: Date): Promise<number> {
    let deleted = 0;
    for (const status of FINAL_STATUSES) {
      for (let batch = 0; batch < MAX_BATCHES; batch++) {
        const old = await this.deliveries
          .find({ status, updatedAt: { $lt: cutoff } }, { _id: 1 })
          .limit(this.batchSize)
          .lean();
        if (old.length > 0) deleted += (await this.deliveries.deleteMany({ _id: { $in: old.map((d) => d._id) }, status })).deletedCount;
        if (old.length < this.batchSize) break;
      }
    }
    return deleted;
  }

  /** Messages have no equality key for age: walk them by _id. */
  private async deleteMessages(cutoff: Date): Promise<number> {
    let deleted = 0;
    let after: string | null = null;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const page: Pick<StoredOutboxMessage, '_id' | 'relayedAt' | 'fanoutPending'>[] = await this.messages
        .find(after === null ? {} : { _id: { $gt: after } }, { _id: 1, relayedAt: 1, fanoutPending: 1 })
        .sort({ _id: 1 })
        .limit(this.batchSize)
        .lean<Pick<StoredOutboxMessage, '_id' | 'relayedAt' | 'fanoutPending'>[]>();
      const old = page.filter((m) => m.relayedAt < cutoff && m.fanoutPending !== true).map((m) => m._id);
      if (old.length > 0) deleted += (await this.messages.deleteMany({ _id: { $in: old }, fanoutPending: { $ne: true } })).deletedCount;
      if (page.length < this.batchSize) break;
      after = page[page.length - 1]?._id ?? null;
    }
    return deleted;
  }
}

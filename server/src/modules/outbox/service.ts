import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { StoredOutboxMessage } from './model.js';
import type { OutboxCarrier, OutboxMessage } from './types.js';

/** An anchor document as the relay sees it. */
type Anchor = OutboxCarrier & { _id: unknown } & Record<string, unknown>;

export interface SourceOptions {
  /** Name recorded on each message (default: the collection name). */
  name?: string;
  /** A top-level field to repeat in the flag-clearing filter (e.g. `memberId`, the shard key of ledger entries). */
  shardKey?: string;
}

interface Source {
  name: string;
  model: Model<Anchor>;
  shardKey: string | undefined;
}

export interface RelayResult {
  /** Anchors whose flag was cleared. */
  anchors: number;
  /** Messages copied for the first time. */
  messages: number;
  /** Messages that were already in the outbox (a second relay, or a run after a crash). */
  duplicates: number;
}

export interface OutboxOptions {
  batchSize?: number;
  /** Upper bound on batches per source and run, so one run stays bounded. */
  maxBatches?: number;
}

/**
 * The outbox relay: copies messages that anchors carry (`outbox`, `outboxPending: true`) into
 * `outbox_messages` (insert by message id, a duplicate means already copied), then clears the anchor's flag unless
 * the anchor gained messages meanwhile.
 * A crash between the two repeats the copy, harmlessly; two relays at once insert each message once.
 */
export class OutboxService {
  private readonly sources: Source[] = [];
  private readonly batchSize: number;
  private readonly maxBatches: number;
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly messages: Model<StoredOutboxMessage>,
    private readonly clock: Clock,
    options: OutboxOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.maxBatches = options.maxBatches ?? 50;
  }

  /** Adds a collection whose documents are OutboxCarriers; its schema must index `outboxPending`. */
  registerSource<T extends OutboxCarrier>(model: Model<T>, options: SourceOptions = {}): this {
    const name = options.name ?? model.collection.collectionName;
    if (this.sources.some((s) => s.name === name)) throw new Error(`outbox source ${name} is registered twice`);
    this.sources.push({ name, model: model as unknown as Model<Anchor>, shardKey: options.shardKey });
    return this;
  }

  /** Called after each relay that copied something (e.g. to dispatch webhooks at once). */
  onRelayed(listener: () => void): this {
    this.listeners.push(listener);
    return this;
  }

  async relay(): Promise<RelayResult> {
    const result: RelayResult = { anchors: 0, messages: 0, duplicates: 0 };
    for (const source of this.sources) await this.relaySource(source, result);
    if (result.messages > 0) for (const listener of this.listeners) listener();
    return result;
  }

  private async relaySource(source: Source, result: RelayResult): Promise<void> {
    let after: unknown = null;
    for (let batch = 0; batch < this.maxBatches; batch++) {
      const filter: Record<string, unknown> = { outboxPending: true };
      if (after !== null) filter._id = { $gt: after };
      const anchors = await source.model.find(filter).sort({ _id: 1 }).limit(this.batchSize).lean<Anchor[]>();
      for (const anchor of anchors) {
        for (const message of anchor.outbox ?? []) await this.copy(source.name, anchor, message, result);
        await this.clear(source, anchor);
        result.anchors += 1;
      }
      if (anchors.length < this.batchSize) return;
      after = anchors[anchors.length - 1]?._id ?? null;
    }
  }

  private async copy(sourceName: string, anchor: Anchor, message: OutboxMessage, result: RelayResult): Promise<void> {
    try {
      await this.messages.create({
        _id: message.id,
        type: message.type,
        memberId: message.memberId,
        occurredAt: message.occurredAt,
        data: message.data,
        anchor: { source: sourceName, id: String(anchor._id) },
        relayedAt: this.clock.now(),
        fanoutPending: true,
      });
      result.messages += 1;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      result.duplicates += 1;
    }
  }

  private async clear(source: Source, anchor: Anchor): Promise<void> {
    const filter: Record<string, unknown> = { _id: anchor._id, outboxPending: true };
    if (source.shardKey) filter[source.shardKey] = anchor[source.shardKey];
    // An anchor that gained a message since it was read (a task completion that is claimed later) keeps its flag:
    // the next relay copies the new message.
    if (Array.isArray(anchor.outbox)) filter.outbox = { $size: anchor.outbox.length };
    await source.model.updateOne(filter, { $unset: { outboxPending: 1 } });
  }
}

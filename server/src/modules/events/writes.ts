import type { Model } from 'mongoose';
import { GroupCommit } from '../../platform/group-commit.js';
import { BULK_STATEMENTS, insertNewInBulk, updateInBulk, type BulkUpdate } from '../../platform/mongo.js';
import type { StoredEvent } from './model.js';

/**
 * The two writes every event makes — its anchor and its outcome — sent by group commit: concurrent events share
 * one insert command for their anchors and one update command for their outcomes (docs/decisions/event-writes.md).
 * Each caller still waits for its own write, so an answered event is stored exactly as before.
 */
export class EventWrites {
  private readonly anchors: GroupCommit<StoredEvent, boolean>;
  private readonly outcomes: GroupCommit<BulkUpdate, null>;

  constructor(events: Model<StoredEvent>) {
    this.anchors = new GroupCommit(async (docs) => {
      const known = await insertNewInBulk(docs, (batch) => events.insertMany(batch, { ordered: false, lean: true }));
      return docs.map((_, i) => !known.has(i));
    }, BULK_STATEMENTS);
    this.outcomes = new GroupCommit(async (updates) => {
      await updateInBulk(events, updates);
      return updates.map(() => null);
    }, BULK_STATEMENTS);
  }

  /** Inserts an event's anchor; false when its id or its slot is taken. */
  insert(anchor: StoredEvent): Promise<boolean> {
    return this.anchors.write(anchor);
  }

  /** A conditional update of one event (its outcome). */
  async update(filter: BulkUpdate['filter'], update: BulkUpdate['update']): Promise<void> {
    await this.outcomes.write({ filter, update });
  }
}

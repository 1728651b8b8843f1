import type { AuditEntryView, Page } from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { AuditEntry } from './model.js';

export type Actor = AuditEntry['actor'];

export interface AuditRecord {
  /**
   * When the entry documents one stored record (the ledger entry of an adjustment, the tier change of a placement):
   * that record's ObjectId, which becomes the audit entry's. Recording it again changes nothing, so a retried
   * request writes its audit entry exactly once.
   */
  id?: string;
  actor: Actor;
  action: string;
  target: { type: string; id: string };
  before?: unknown;
  after?: unknown;
}

/** What a feature needs of the audit trail: a narrow interface, so services can be tested with their own. */
export interface AuditSink {
  record(entry: AuditRecord): Promise<void>;
}

/** Who changed what, before and after: every configuration change and manual adjustment lands here. */
export class AuditService {
  constructor(
    private readonly entries: Model<AuditEntry>,
    private readonly clock: Clock,
  ) {}

  async record(entry: AuditRecord): Promise<void> {
    const doc = {
      at: this.clock.now(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      before: JSON.stringify(entry.before ?? null),
      after: JSON.stringify(entry.after ?? null),
    };
    if (entry.id === undefined) {
      await this.entries.create(doc);
      return;
    }
    try {
      await this.entries.create({ _id: new Types.ObjectId(entry.id), ...doc });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  async list(request: PageRequest & { targetType?: string | undefined; targetId?: string | undefined }): Promise<Page<AuditEntryView>> {
    const { idFilter, fetch, limit } = pageQuery(request);
    const filter: Record<string, unknown> = { ...idFilter };
    if (request.targetType) filter['target.type'] = request.targetType;
    if (request.targetId) filter['target.id'] = request.targetId;
    const docs = await this.entries.find(filter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, (doc) => ({
      id: doc._id.toHexString(),
      at: doc.at.toISOString(),
      actor: doc.actor,
      action: doc.action,
      target: doc.target,
      before: JSON.parse(doc.before),
      after: JSON.parse(doc.after),
    }));
  }
}

import { Types, type Model } from 'mongoose';
import { backoffMs } from '../../platform/backoff.js';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { isDuplicateKeyError } from '../../platform/mongo.js';
import type { StoredOutboxMessage } from '../outbox/model.js';
import type { EgressGuard } from './egress.js';
import type { WebhookAttempt, WebhookDelivery, WebhookSubscription } from './model.js';
import { send, type SendResult } from './sender.js';
import { SIGNATURE_HEADER, signatureHeader } from './signature.js';
import { matchesEventType } from './views.js';

export interface DispatchSettings {
  timeoutMs: number;
  /** First retry delay; each further failure doubles it. */
  retryBaseMs: number;
  /** Automatic retries stop this long after a delivery is created (or replayed); it is then `failed`. */
  retryWindowMs: number;
  batchSize?: number;
  /** Attempts in flight at once per run. */
  concurrency?: number;
}

export interface DispatchResult {
  messages: number;
  created: number;
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  cancelled: number;
  recovered: number;
}

/** Beyond the HTTP timeout, how long a claimed attempt may take to record its answer before it counts as lost. */
const LOCK_MARGIN_MS = 60_000;
const MAX_BATCHES = 50;

type Subscriptions = Map<string, WebhookSubscription | null>;

/**
 * Turns outbox messages into deliveries (one per message and matching subscription, keyed so it is created
 * once) and sends the due ones. An attempt is claimed by one conditional update on (status `pending`,
 * attemptCount), so two dispatchers never send the same attempt; a 2xx makes the delivery `delivered` for good.
 */
export class WebhookDispatcher {
  private readonly batchSize: number;
  private readonly concurrency: number;

  constructor(
    private readonly messages: Model<StoredOutboxMessage>,
    private readonly subscriptions: Model<WebhookSubscription>,
    private readonly deliveries: Model<WebhookDelivery>,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly settings: DispatchSettings,
    private readonly egress: EgressGuard,
  ) {
    this.batchSize = settings.batchSize ?? 100;
    this.concurrency = settings.concurrency ?? 8;
  }

  /** One run: fan out new messages, take back attempts whose worker died, send what is due. */
  async run(): Promise<DispatchResult> {
    const result: DispatchResult = {
      messages: 0,
      created: 0,
      attempted: 0,
      delivered: 0,
      retrying: 0,
      failed: 0,
      cancelled: 0,
      recovered: 0,
    };
    await this.fanOut(result);
    await this.recoverLost(result);
    await this.sendDue(result);
    return result;
  }

  /** Sends a delivery again now, whatever its state (unless an attempt is in flight), with a fresh retry window. */
  async replay(subscriptionId: string, deliveryId: string): Promise<WebhookDelivery> {
    const delivery = await this.find(subscriptionId, deliveryId);
    if (delivery.status === 'sending') throw new ConflictError('An attempt of this delivery is in progress', 'DELIVERY_IN_PROGRESS');
    const now = this.clock.now();
    const reset = await this.deliveries
      .findOneAndUpdate(
        { _id: delivery._id, status: delivery.status, attemptCount: delivery.attemptCount },
        {
          $set: {
            status: 'pending',
            failures: 0,
            nextAttemptAt: now,
            retryUntil: new Date(now.getTime() + this.settings.retryWindowMs),
            updatedAt: now,
          },
        },
        { returnDocument: 'after' },
      )
      .lean();
    if (!reset) throw new ConflictError('The delivery changed while it was replayed; try again', 'DELIVERY_IN_PROGRESS');
    const sub = await this.subscriptions.findById(reset.subscriptionId).lean();
    return (await this.attempt(reset, sub, true, this.emptyResult())) ?? (await this.find(subscriptionId, deliveryId));
  }

  private emptyResult(): DispatchResult {
    return { messages: 0, created: 0, attempted: 0, delivered: 0, retrying: 0, failed: 0, cancelled: 0, recovered: 0 };
  }

  private async find(subscriptionId: string, deliveryId: string): Promise<WebhookDelivery> {
    const found = Types.ObjectId.isValid(deliveryId) && deliveryId.length === 24 ? await this.deliveries.findById(deliveryId).lean() : null;
    if (!found || found.subscriptionId !== subscriptionId) throw new NotFoundError('Webhook delivery', { id: deliveryId });
    return found;
  }

  private async fanOut(result: DispatchResult): Promise<void> {
    const active = await this.subscriptions.find({ deleted: false, active: true }).lean();
    let after: string | null = null;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const filter: Record<string, unknown> = { fanoutPending: true };
      if (after !== null) filter._id = { $gt: after };
      const messages = await this.messages.find(filter).sort({ _id: 1 }).limit(this.batchSize).lean();
      for (const message of messages) {
        for (const sub of active) if (matchesEventType(sub.eventTypes, message.type)) await this.create(message, sub, result);
        await this.messages.updateOne({ _id: message._id, fanoutPending: true }, { $unset: { fanoutPending: 1 } });
        result.messages += 1;
      }
      if (messages.length < this.batchSize) return;
      after = messages[messages.length - 1]?._id ?? null;
    }
  }

  private async create(message: StoredOutboxMessage, sub: WebhookSubscription, result: DispatchResult): Promise<void> {
    const now = this.clock.now();
    const body = JSON.stringify({
      id: message._id,
      type: message.type,
      occurredAt: message.occurredAt.toISOString(),
      memberId: message.memberId,
      data: message.data,
    });
    try {
      await this.deliveries.create({
        key: `${message._id}|${sub._id.toHexString()}`,
        subscriptionId: sub._id.toHexString(),
        messageId: message._id,
        type: message.type,
        memberId: message.memberId,
        body,
        status: 'pending',
        attemptCount: 0,
        failures: 0,
        nextAttemptAt: now,
        retryUntil: new Date(now.getTime() + this.settings.retryWindowMs),
        lockedUntil: null,
        deliveredAt: null,
        attempts: [],
        createdAt: now,
        updatedAt: now,
      });
      result.created += 1;
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
    }
  }

  /** An attempt whose worker died before recording its answer counts as failed: retried with backoff (the receiver may see it twice). */
  private async recoverLost(result: DispatchResult): Promise<void> {
    const now = this.clock.now();
    const lost = await this.deliveries
      .find({ status: 'sending', lockedUntil: { $lte: now } })
      .limit(this.batchSize)
      .lean();
    for (const d of lost) {
      const attempt: WebhookAttempt = {
        at: now,
        statusCode: null,
        durationMs: 0,
        error: 'interrupted: no answer was recorded',
        responseExcerpt: null,
        replay: false,
      };
      const next = this.afterFailure(d, now);
      const moved = await this.deliveries.updateOne(
        { _id: d._id, status: 'sending', attemptCount: d.attemptCount },
        { $set: { ...next, lockedUntil: null, updatedAt: now }, $push: { attempts: attempt } },
      );
      if (moved.modifiedCount === 1) result.recovered += 1;
    }
  }

  private async sendDue(result: DispatchResult): Promise<void> {
    const subs: Subscriptions = new Map();
    let after: Types.ObjectId | null = null;
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const filter: Record<string, unknown> = { status: 'pending', nextAttemptAt: { $lte: this.clock.now() } };
      if (after !== null) filter._id = { $gt: after };
      const due = await this.deliveries.find(filter).sort({ _id: 1 }).limit(this.batchSize).lean();
      for (let i = 0; i < due.length; i += this.concurrency) {
        await Promise.all(
          due
            .slice(i, i + this.concurrency)
            .map(async (d) => this.attempt(d, await this.subscription(subs, d.subscriptionId), false, result)),
        );
      }
      if (due.length < this.batchSize) return;
      after = due[due.length - 1]?._id ?? null;
    }
  }

  private async subscription(cache: Subscriptions, id: string): Promise<WebhookSubscription | null> {
    if (!cache.has(id)) cache.set(id, await this.subscriptions.findById(id).lean());
    return cache.get(id) ?? null;
  }

  /** Claims one attempt, sends it and records the answer; null when another dispatcher had claimed it. */
  private async attempt(
    d: WebhookDelivery,
    sub: WebhookSubscription | null,
    replay: boolean,
    result: DispatchResult,
  ): Promise<WebhookDelivery | null> {
    const now = this.clock.now();
    if (!sub || sub.deleted || !sub.active) {
      const cancelled = await this.deliveries.updateOne(
        { _id: d._id, status: 'pending', attemptCount: d.attemptCount },
        { $set: { status: 'cancelled', nextAttemptAt: null, updatedAt: now } },
      );
      if (cancelled.modifiedCount === 1) result.cancelled += 1;
      return null;
    }
    const claimed = await this.deliveries
      .findOneAndUpdate(
        { _id: d._id, status: 'pending', attemptCount: d.attemptCount },
        {
          $set: { status: 'sending', lockedUntil: new Date(now.getTime() + this.settings.timeoutMs + LOCK_MARGIN_MS), updatedAt: now },
          $inc: { attemptCount: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean();
    if (!claimed) return null;
    result.attempted += 1;
    return this.record(claimed, await this.sendChecked(claimed, sub, now), now, replay, result);
  }

  /** Checks the receiver's address at sending time and connects to exactly that address; a refusal sends nothing. */
  private async sendChecked(d: WebhookDelivery, sub: WebhookSubscription, now: Date): Promise<SendResult> {
    const destination = await this.egress.destination(sub.url);
    if (!destination.ok) return { statusCode: null, durationMs: 0, error: `refused: ${destination.reason}`, responseExcerpt: null };
    return send({
      url: sub.url,
      address: destination.address,
      family: destination.family,
      body: d.body,
      headers: this.headers(d, sub, now),
      timeoutMs: this.settings.timeoutMs,
    });
  }

  private headers(d: WebhookDelivery, sub: WebhookSubscription, now: Date): Record<string, string> {
    const secrets = [sub.secret];
    if (sub.previousSecret && sub.previousSecretUntil && sub.previousSecretUntil > now) secrets.push(sub.previousSecret);
    return {
      [SIGNATURE_HEADER]: signatureHeader(secrets, Math.floor(now.getTime() / 1000), d.body),
      'Laurel-Event-Id': d.messageId,
      'Laurel-Event-Type': d.type,
      'Laurel-Delivery-Id': d._id.toHexString(),
    };
  }

  private async record(
    claimed: WebhookDelivery,
    answer: SendResult,
    at: Date,
    replay: boolean,
    result: DispatchResult,
  ): Promise<WebhookDelivery | null> {
    const now = this.clock.now();
    const ok = answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
    const attempt: WebhookAttempt = { at, ...answer, replay };
    const next = ok
      ? { status: 'delivered' as const, deliveredAt: now, nextAttemptAt: null, failures: claimed.failures }
      : this.afterFailure(claimed, now);
    if (next.status === 'delivered') result.delivered += 1;
    else if (next.status === 'failed') result.failed += 1;
    else result.retrying += 1;
    const recorded = await this.deliveries
      .findOneAndUpdate(
        { _id: claimed._id, status: 'sending', attemptCount: claimed.attemptCount },
        { $set: { ...next, lockedUntil: null, updatedAt: now }, $push: { attempts: attempt } },
        { returnDocument: 'after' },
      )
      .lean();
    if (!recorded) this.logger.warn({ delivery: claimed._id.toHexString() }, 'webhook attempt answered after its lock had passed');
    return recorded;
  }

  /** Next retry after `failures` doubles from the base; the last one lands on the window's end, then `failed`. */
  private afterFailure(d: WebhookDelivery, now: Date): Pick<WebhookDelivery, 'status' | 'nextAttemptAt' | 'failures'> {
    const failures = d.failures + 1;
    if (now.getTime() >= d.retryUntil.getTime()) return { status: 'failed', nextAttemptAt: null, failures };
    const delay = backoffMs(this.settings.retryBaseMs, failures, Number.POSITIVE_INFINITY);
    const next = Math.min(now.getTime() + delay, d.retryUntil.getTime());
    return { status: 'pending', nextAttemptAt: new Date(next), failures };
  }
}

import { randomBytes } from 'node:crypto';
import {
  AdminRole,
  type Page,
  type WebhookDeliveryStatus,
  type WebhookDeliveryView,
  type WebhookView,
  type WebhookWithSecretView,
} from '@laurel/shared';
import { Types, type Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { ConflictError, NotFoundError, ServiceUnavailableError, ValidationError } from '../../platform/errors.js';
import { pageQuery, toPage, type PageRequest } from '../../platform/pagination.js';
import type { Actor, AuditSink } from '../audit/service.js';
import type { WebhookDispatcher } from './dispatcher.js';
import type { EgressGuard } from './egress.js';
import type { WebhookDelivery, WebhookSubscription } from './model.js';
import { toDeliveryView, toWebhookView } from './views.js';

export interface WebhookInput {
  url: string;
  eventTypes: string[];
  description?: string | undefined;
  active?: boolean | undefined;
}

export type WebhookChanges = Partial<WebhookInput>;

export interface DeliveryQuery extends PageRequest {
  status?: WebhookDeliveryStatus | undefined;
}

/** After a rotation, the old secret still signs (as a second v1) for this long, so receivers can switch over. */
const PREVIOUS_SECRET_GRACE_MS = 24 * 3_600_000;

/** Webhook subscriptions (audited configuration) and their delivery log. */
export class WebhookService {
  constructor(
    private readonly subscriptions: Model<WebhookSubscription>,
    private readonly deliveries: Model<WebhookDelivery>,
    private readonly dispatcher: WebhookDispatcher,
    private readonly egress: EgressGuard,
    private readonly audit: AuditSink,
    private readonly clock: Clock,
  ) {}

  /** The answer is the only place the signing secret is ever shown. */
  async create(input: WebhookInput, actor: Actor): Promise<WebhookWithSecretView> {
    const now = this.clock.now();
    const url = await this.receiverUrl(input.url);
    const secret = newSecret();
    const created = await this.subscriptions.create({
      url,
      eventTypes: input.eventTypes,
      description: input.description ?? '',
      active: input.active ?? true,
      secret,
      secretCreatedAt: now,
      previousSecret: null,
      previousSecretUntil: null,
      version: 1,
      deleted: false,
      createdAt: now,
      updatedAt: now,
    });
    const view = toWebhookView(created.toObject());
    await this.audit.record({ actor, action: 'webhook.create', target: { type: 'webhook', id: view.id }, after: view });
    return { ...view, secret };
  }

  async list(request: PageRequest): Promise<Page<WebhookView>> {
    const { idFilter, fetch, limit } = pageQuery(request);
    const docs = await this.subscriptions
      .find({ deleted: false, ...idFilter })
      .sort({ _id: -1 })
      .limit(fetch)
      .lean();
    return toPage(docs, limit, toWebhookView);
  }

  async get(id: string): Promise<WebhookView> {
    return toWebhookView(await this.find(id));
  }

  async update(id: string, changes: WebhookChanges, actor: Actor): Promise<WebhookView> {
    const before = await this.find(id);
    const set: Record<string, unknown> = { updatedAt: this.clock.now() };
    if (changes.url !== undefined) set.url = await this.receiverUrl(changes.url);
    if (changes.eventTypes !== undefined) set.eventTypes = changes.eventTypes;
    if (changes.description !== undefined) set.description = changes.description;
    if (changes.active !== undefined) set.active = changes.active;
    return this.write(before, set, 'webhook.update', actor);
  }

  /** Stops deliveries for good (pending ones are cancelled when due). Deleting twice changes nothing. */
  async remove(id: string, actor: Actor): Promise<void> {
    const before = await this.findIncludingDeleted(id);
    if (before.deleted) return;
    await this.write(before, { deleted: true, active: false, updatedAt: this.clock.now() }, 'webhook.delete', actor);
  }

  /** Issues a new secret (shown in this answer only); the previous one keeps signing for 24 hours. */
  async rotateSecret(id: string, actor: Actor): Promise<WebhookWithSecretView> {
    const before = await this.find(id);
    const now = this.clock.now();
    const secret = newSecret();
    const view = await this.write(
      before,
      {
        secret,
        secretCreatedAt: now,
        previousSecret: before.secret,
        previousSecretUntil: new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS),
        updatedAt: now,
      },
      'webhook.rotate-secret',
      actor,
    );
    return { ...view, secret };
  }

  /** Receivers' answers are shown (as a short excerpt) to admins only; `reader` is the caller's role. */
  async deliveryLog(id: string, query: DeliveryQuery, reader: AdminRole): Promise<Page<WebhookDeliveryView>> {
    const sub = await this.find(id);
    const { idFilter, fetch, limit } = pageQuery(query);
    const filter: Record<string, unknown> = { subscriptionId: sub._id.toHexString(), ...idFilter };
    if (query.status) filter.status = query.status;
    const docs = await this.deliveries.find(filter).sort({ _id: -1 }).limit(fetch).lean();
    return toPage(docs, limit, (d) => toDeliveryView(d, showsAnswers(reader)));
  }

  async delivery(id: string, deliveryId: string, reader: AdminRole): Promise<WebhookDeliveryView> {
    const sub = await this.find(id);
    const found = isObjectId(deliveryId) ? await this.deliveries.findById(deliveryId).lean() : null;
    if (!found || found.subscriptionId !== sub._id.toHexString()) throw new NotFoundError('Webhook delivery', { id: deliveryId });
    return toDeliveryView(found, showsAnswers(reader));
  }

  /** Sends the delivery again now (an operator's decision, so even after a 2xx); audited. */
  async replay(id: string, deliveryId: string, actor: Actor, reader: AdminRole): Promise<WebhookDeliveryView> {
    const sub = await this.find(id);
    const after = toDeliveryView(await this.dispatcher.replay(sub._id.toHexString(), deliveryId), showsAnswers(reader));
    await this.audit.record({
      actor,
      action: 'webhook.delivery.replay',
      target: { type: 'webhook-delivery', id: after.id },
      after: { status: after.status, attemptCount: after.attemptCount },
    });
    return after;
  }

  /** A canonical URL whose host resolves to allowed addresses only (see EgressGuard). */
  private async receiverUrl(raw: string): Promise<string> {
    const url = urlOf(raw);
    const destination = await this.egress.destination(url);
    // A resolver that cannot be asked right now is an outage (5xx: the Idempotency-Key stays free for the retry).
    if (!destination.ok && destination.temporary)
      throw new ServiceUnavailableError(`The receiver's address cannot be checked now: ${destination.reason}`);
    if (!destination.ok) throw new ValidationError([{ field: 'url', reasons: [destination.reason] }]);
    return url;
  }

  private async write(before: WebhookSubscription, set: Record<string, unknown>, action: string, actor: Actor): Promise<WebhookView> {
    const after = await this.subscriptions
      .findOneAndUpdate({ _id: before._id, version: before.version }, { $set: set, $inc: { version: 1 } }, { returnDocument: 'after' })
      .lean();
    if (!after)
      throw new ConflictError('The webhook changed while this change was made; read it again', undefined, { id: before._id.toHexString() });
    const view = toWebhookView(after);
    await this.audit.record({ actor, action, target: { type: 'webhook', id: view.id }, before: toWebhookView(before), after: view });
    return view;
  }

  private async find(id: string): Promise<WebhookSubscription> {
    const sub = await this.findIncludingDeleted(id);
    if (sub.deleted) throw new NotFoundError('Webhook', { id });
    return sub;
  }

  private async findIncludingDeleted(id: string): Promise<WebhookSubscription> {
    const sub = isObjectId(id) ? await this.subscriptions.findById(id).lean() : null;
    if (!sub) throw new NotFoundError('Webhook', { id });
    return sub;
  }
}

function showsAnswers(reader: AdminRole): boolean {
  return reader === AdminRole.Admin;
}

function isObjectId(id: string): boolean {
  return id.length === 24 && Types.ObjectId.isValid(id);
}

function newSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** The edge checks the form; this keeps what is stored canonical and refuses what fetch could not send. */
function urlOf(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ValidationError([{ field: 'url', reasons: ['url must be an absolute http or https URL'] }]);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password)
    throw new ValidationError([{ field: 'url', reasons: ['url must be an absolute http or https URL without credentials'] }]);
  return url.toString();
}

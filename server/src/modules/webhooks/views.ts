import type { WebhookDeliveryView, WebhookView } from '@laurel/shared';
import type { WebhookDelivery, WebhookSubscription } from './model.js';

export function toWebhookView(sub: WebhookSubscription): WebhookView {
  return {
    id: sub._id.toHexString(),
    url: sub.url,
    eventTypes: [...sub.eventTypes],
    description: sub.description,
    active: sub.active,
    secretCreatedAt: sub.secretCreatedAt.toISOString(),
    createdAt: sub.createdAt.toISOString(),
    updatedAt: sub.updatedAt.toISOString(),
  };
}

/** `withAnswers` false leaves out the excerpts of receivers' answers (status codes stay). */
export function toDeliveryView(d: WebhookDelivery, withAnswers: boolean): WebhookDeliveryView {
  return {
    id: d._id.toHexString(),
    webhookId: d.subscriptionId,
    eventId: d.messageId,
    eventType: d.type,
    memberId: d.memberId,
    status: d.status,
    attemptCount: d.attemptCount,
    nextAttemptAt: d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
    retryUntil: d.retryUntil.toISOString(),
    deliveredAt: d.deliveredAt ? d.deliveredAt.toISOString() : null,
    attempts: d.attempts.map((a) => ({
      at: a.at.toISOString(),
      statusCode: a.statusCode,
      durationMs: a.durationMs,
      error: a.error,
      responseExcerpt: withAnswers ? a.responseExcerpt : null,
      replay: a.replay,
    })),
    payload: JSON.parse(d.body) as unknown,
    createdAt: d.createdAt.toISOString(),
  };
}

/** `*`, an exact type, or a family `points.*` (any type starting with `points.`). */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

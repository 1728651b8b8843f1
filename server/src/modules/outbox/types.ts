/**
 * Outbound events. A change and the messages that report it are written in one single-document write:
 * the change's anchor document (a ledger entry, a tier change, a reminder) carries its messages in
 * `outbox` with `outboxPending: true`. The outbox relay copies pending messages into the outbox
 * collection (insert by message id, so copying twice is harmless) and then clears the flag.
 */
export interface OutboxMessage {
  /** Deterministic, derived from the anchor's own idempotency key, e.g. `points.earned:<entry key>`. */
  id: string;
  /** e.g. `points.earned`, `tier.changed`. */
  type: string;
  memberId: string | null;
  occurredAt: Date;
  data: Record<string, unknown>;
}

/** The fields an anchor document carries to publish messages with the change it records. */
export interface OutboxCarrier {
  outbox?: OutboxMessage[];
  /** true until the relay has copied `outbox`; indexed so the relay finds pending anchors by equality. */
  outboxPending?: boolean;
}

import type { LedgerKind } from '@laurel/shared';
import type { OutboxMessage } from '../outbox/types.js';
import type { LedgerEntry } from './model.js';

/** Message type suffix per entry kind: `<currency>.<verb>`, e.g. `points.earned`, `growth.reversed`. */
const VERBS: Record<LedgerKind, string> = {
  earn: 'earned',
  spend: 'spent',
  hold: 'held',
  capture: 'captured',
  release: 'released',
  adjust: 'adjusted',
  reverse: 'reversed',
  expire: 'expired',
  release_pending: 'pending_released',
};

/** Every ledger message type, for documentation and subscription checks. */
export const LEDGER_MESSAGE_TYPES: readonly string[] = ['points', 'growth'].flatMap((c) => Object.values(VERBS).map((v) => `${c}.${v}`));

type EntryFields = Omit<LedgerEntry, 'outbox' | 'outboxPending'>;

/**
 * The one message an entry publishes, built before the entry is inserted so both land in one write. Its id
 * comes from (type, member, key), unique like the entry itself, so a replay or a second relay never duplicates it.
 * No operator identity or lot internals: receivers get what changed and the balances after.
 */
export function ledgerMessages(entry: EntryFields): OutboxMessage[] {
  const type = `${entry.currency}.${VERBS[entry.kind]}`;
  return [
    {
      id: `${type}:${entry.memberId}:${entry.key}`,
      type,
      memberId: entry.memberId,
      occurredAt: entry.createdAt,
      data: {
        entryId: entry._id.toHexString(),
        currency: entry.currency,
        kind: entry.kind,
        seq: entry.seq,
        delta: entry.delta,
        change: { ...entry.change },
        balanceAfter: { ...entry.balanceAfter },
        source: { type: entry.source.type, id: entry.source.id },
        orderId: entry.orderId,
        reason: entry.reason,
        refund: entry.refund ? { ...entry.refund } : null,
      },
    },
  ];
}

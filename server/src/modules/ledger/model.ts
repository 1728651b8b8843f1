import type { Currency, LedgerBalances, LedgerKind, LedgerSource, LifetimeTotals, RefundPolicy } from '@laurel/shared';
import { CURRENCIES, LEDGER_KINDS, LEDGER_SOURCE_TYPES, REFUND_POLICIES } from '@laurel/shared';
import { Schema, type Connection, type Model, type Types } from 'mongoose';
import { outboxCarrierFields } from '../outbox/model.js';
import type { OutboxCarrier } from '../outbox/types.js';

/** What a lot is, apart from how much of it is left. */
export interface LotAttrs {
  lotId: string;
  /** Pending units are not spendable until releasePending moves them to an available lot. */
  pending: boolean;
  earnedAt: Date;
  availableAt: Date;
  /** null = never expires. */
  expiresAt: Date | null;
  source: LedgerSource;
}

export interface Lot extends LotAttrs {
  /** Units ever credited to this lot (merges and returns included). */
  amount: number;
  remaining: number;
}

/** A change of one lot's remaining; carries the lot's attributes so a pruned lot can be recreated. */
export interface LotChange extends LotAttrs {
  delta: number;
}

/** Points put aside for an order at checkout; `pieces` say which lots they came from (positive deltas). */
export interface Hold {
  orderId: string;
  amount: number;
  heldAt: Date;
  pieces: LotChange[];
}

export interface ClosedHold extends Hold {
  captured: boolean;
}

/** The part of a wallet that ledger entries fold into; `version` = seq of the last applied entry. */
export interface WalletState extends LedgerBalances {
  version: number;
  lifetime: LifetimeTotals;
  lots: Lot[];
  holds: Hold[];
}

export interface Wallet extends WalletState {
  /** `${memberId}:${currency}` */
  _id: string;
  memberId: string;
  currency: Currency;
  /** Earliest expiresAt / pending availableAt among the lots: lets the jobs find due wallets. */
  nextExpiryAt: Date | null;
  nextAvailableAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RefundRecord {
  /** The share of the order refunded by this entry (after capping at the order amount). */
  refundAmount: number;
  orderAmount: number;
  policy: RefundPolicy;
  /** Units taken back from lots. */
  reversed: number;
  /** Spent units given back. */
  restored: number;
  /** Shortfall recorded as debt (allow_debt). */
  debt: number;
  /** Shortfall not taken back (pending_only, within_available). */
  forgiven: number;
}

/**
 * One immutable change of one wallet. It is applied iff `seq <= wallet.version`: (member, currency, seq)
 * is unique, and the wallet moves from version seq-1 to seq only by applying this entry. It carries the messages
 * that report it (`outbox`, written in the same insert); clearing `outboxPending` is the only later write to it.
 */
export interface LedgerEntry extends OutboxCarrier {
  _id: Types.ObjectId;
  memberId: string;
  currency: Currency;
  seq: number;
  key: string;
  fingerprint: string;
  kind: LedgerKind;
  delta: number;
  change: LedgerBalances;
  balanceAfter: LedgerBalances;
  /** Increments of the wallet's lifetime totals. */
  lifetime: LifetimeTotals;
  lots: LotChange[];
  holdOpen: Hold | null;
  holdClose: ClosedHold | null;
  source: LedgerSource;
  orderId: string | null;
  reason: string | null;
  operator: { id: string; label: string } | null;
  refund: RefundRecord | null;
  createdAt: Date;
}

const sourceSchema = new Schema<LedgerSource>(
  { type: { type: String, required: true, enum: LEDGER_SOURCE_TYPES }, id: { type: String, required: true } },
  { _id: false },
);
const lotAttrs = {
  lotId: { type: String, required: true },
  pending: { type: Boolean, required: true },
  earnedAt: { type: Date, required: true },
  availableAt: { type: Date, required: true },
  expiresAt: { type: Date, default: null },
  source: { type: sourceSchema, required: true },
};
const lotSchema = new Schema<Lot>(
  { ...lotAttrs, amount: { type: Number, required: true }, remaining: { type: Number, required: true } },
  { _id: false },
);
const lotChangeSchema = new Schema<LotChange>({ ...lotAttrs, delta: { type: Number, required: true } }, { _id: false });
const holdFields = {
  orderId: { type: String, required: true },
  amount: { type: Number, required: true },
  heldAt: { type: Date, required: true },
  pieces: { type: [lotChangeSchema], default: [] },
};
const holdSchema = new Schema<Hold>(holdFields, { _id: false });
const closedHoldSchema = new Schema<ClosedHold>({ ...holdFields, captured: { type: Boolean, required: true } }, { _id: false });
const bucketFields = {
  available: { type: Number, required: true },
  pending: { type: Number, required: true },
  held: { type: Number, required: true },
  debt: { type: Number, required: true },
};
const bucketsSchema = new Schema<LedgerBalances>(bucketFields, { _id: false });
const lifetimeSchema = new Schema<LifetimeTotals>(
  {
    earned: { type: Number, required: true },
    spent: { type: Number, required: true },
    expired: { type: Number, required: true },
    reversed: { type: Number, required: true },
    restored: { type: Number, required: true },
    adjusted: { type: Number, required: true },
  },
  { _id: false },
);
const refundSchema = new Schema<RefundRecord>(
  {
    refundAmount: { type: Number, required: true },
    orderAmount: { type: Number, required: true },
    policy: { type: String, required: true, enum: REFUND_POLICIES },
    reversed: { type: Number, required: true },
    restored: { type: Number, required: true },
    debt: { type: Number, required: true },
    forgiven: { type: Number, required: true },
  },
  { _id: false },
);

const walletSchema = new Schema<Wallet>(
  {
    _id: { type: String },
    memberId: { type: String, required: true },
    currency: { type: String, required: true, enum: CURRENCIES },
    version: { type: Number, required: true },
    ...bucketFields,
    lifetime: { type: lifetimeSchema, required: true },
    lots: { type: [lotSchema], default: [] },
    holds: { type: [holdSchema], default: [] },
    nextExpiryAt: { type: Date, default: null },
    nextAvailableAt: { type: Date, default: null },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'ledger_wallets', versionKey: false, minimize: false },
);
walletSchema.index({ memberId: 1 });
walletSchema.index({ nextExpiryAt: 1 });
walletSchema.index({ nextAvailableAt: 1 });

const entrySchema = new Schema<LedgerEntry>(
  {
    memberId: { type: String, required: true },
    currency: { type: String, required: true, enum: CURRENCIES },
    seq: { type: Number, required: true },
    key: { type: String, required: true },
    fingerprint: { type: String, required: true },
    kind: { type: String, required: true, enum: LEDGER_KINDS },
    delta: { type: Number, required: true },
    change: { type: bucketsSchema, required: true },
    balanceAfter: { type: bucketsSchema, required: true },
    lifetime: { type: lifetimeSchema, required: true },
    lots: { type: [lotChangeSchema], default: [] },
    holdOpen: { type: holdSchema, default: null },
    holdClose: { type: closedHoldSchema, default: null },
    source: { type: sourceSchema, required: true },
    orderId: { type: String, default: null },
    reason: { type: String, default: null },
    operator: {
      type: new Schema({ id: { type: String, required: true }, label: { type: String, required: true } }, { _id: false }),
      default: null,
    },
    refund: { type: refundSchema, default: null },
    createdAt: { type: Date, required: true },
    ...outboxCarrierFields,
  },
  { collection: 'ledger_entries', versionKey: false, minimize: false },
);
// Both unique indexes start with memberId, the shard key: a sharded MongoDB enforces them per shard.
// (member, currency, key): exactly once per idempotency key and wallet.
entrySchema.index({ memberId: 1, currency: 1, key: 1 }, { unique: true });
// (member, currency, seq): one entry per wallet version; the anchor that makes entry-then-wallet safe.
entrySchema.index({ memberId: 1, currency: 1, seq: 1 }, { unique: true });
entrySchema.index({ memberId: 1, orderId: 1 });
entrySchema.index({ memberId: 1, _id: -1 });
entrySchema.index({ outboxPending: 1 });

export function ledgerWalletModel(connection: Connection): Model<Wallet> {
  return connection.models.LedgerWallet ?? connection.model<Wallet>('LedgerWallet', walletSchema);
}

export function ledgerEntryModel(connection: Connection): Model<LedgerEntry> {
  return connection.models.LedgerEntry ?? connection.model<LedgerEntry>('LedgerEntry', entrySchema);
}

export function walletIdOf(memberId: string, currency: Currency): string {
  return `${memberId}:${currency}`;
}

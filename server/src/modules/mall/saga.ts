import { ErrorCode, FulfilmentStatus, MallRewardType, RedemptionState } from '@laurel/shared';
import type { Model } from 'mongoose';
import type { Clock } from '../../platform/clock.js';
import { AppError, BusinessRuleError, ConflictError, NotFoundError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { grantId } from '../ledger/grants.js';
import type { CloseHoldInput, HoldInput, LedgerResult, RefundResult } from '../ledger/types.js';
import type { OutboxMessage } from '../outbox/types.js';
import type { MallFaultHook } from './faults.js';
import type { RewardIssuer, RewardIssuers, UndoReason } from './issuers.js';
import { limitSlot, type MemberLimits } from './limits.js';
import type { Redemption } from './model.js';
import type { StockBook } from './stock.js';
import { toRedemptionView } from './views.js';

/** What the saga needs of the ledger (LedgerService fits). */
export interface MallLedger {
  hold(input: HoldInput): Promise<LedgerResult>;
  capture(input: CloseHoldInput): Promise<LedgerResult>;
  release(input: CloseHoldInput): Promise<LedgerResult>;
  reverseGrant(input: { memberId: string; grantId: string; key: string }): Promise<RefundResult>;
}

export interface SagaDeps {
  redemptions: Model<Redemption>;
  ledger: MallLedger;
  stock: StockBook;
  limits: MemberLimits;
  issuers: RewardIssuers;
  clock: Clock;
  logger: Logger;
  faults: MallFaultHook;
  /** How long a redemption belongs to its request before the resume job takes it over. */
  graceMs: number;
  /** Told after a redemption gained an outbox message. */
  onChanged: () => void;
}

const ORDER: readonly RedemptionState[] = [
  RedemptionState.Created,
  RedemptionState.PointsHeld,
  RedemptionState.StockTaken,
  RedemptionState.Issued,
  RedemptionState.Completed,
];
const TERMINAL: readonly RedemptionState[] = [RedemptionState.Completed, RedemptionState.Failed, RedemptionState.Cancelled];
const FOLLOW_UP_DONE = { unwinding: 1, followUp: 1, followUpAt: 1 } as const;

const stepOf = (state: RedemptionState): number => ORDER.indexOf(state);
const idOf = (r: Redemption): string => r._id.toHexString();

export function isTerminal(state: RedemptionState): boolean {
  return TERMINAL.includes(state);
}

/** The ledger order id of a redemption's points: a grant, so that reverseGrant gives captured points back. */
export function pointsOrderId(r: Redemption): string {
  return grantId('mall', idOf(r));
}

export interface UnwindOptions {
  /** `fail`: the refusal recorded on the redemption. */
  failure?: { code: string; message: string } | null;
  /** `cancel`: further conditions on the completed redemption (e.g. its fulfilment status). */
  onlyIf?: Record<string, unknown>;
  /** Continue an undo another driver marked and left (the resume job, a retry after the request's lock). */
  takeOver?: boolean;
}

/** Another driver (a retry, the resume job) moved the redemption meanwhile. */
class Overtaken extends Error {}

/**
 * The redemption saga (docs/decisions/redemption-saga.md): `created → points_held → stock_taken → issued →
 * completed`. Each step is idempotent by the redemption id and recorded by a conditional update on the state it
 * leaves; a failure unwinds (`unwinding` marked first) through each step's undo, in reverse, to `failed`; a cancel
 * unwinds a completed redemption to `cancelled`. A crash leaves the mark or the state for the resume job.
 */
export class RedemptionSaga {
  constructor(private readonly deps: SagaDeps) {}

  /** Runs the steps left; a failure unwinds what was done and is rethrown (the redemption is then `failed`). */
  async run(r: Redemption, fresh: boolean): Promise<Redemption> {
    try {
      if (fresh) this.deps.faults('created', idOf(r));
      return await this.forward(r, fresh);
    } catch (err) {
      if (err instanceof Overtaken) throw new ConflictError('The redemption changed meanwhile; read it again', ErrorCode.Conflict);
      // A refusal that passes by itself (a coupon issue still owned by the request a crash killed, contention) ends
      // nothing a crash left: the redemption stays where it is for the next retry or the resume job.
      if (!fresh && err instanceof AppError && err.retryAfterSeconds !== undefined) throw err;
      const ended = await this.unwind(r, 'fail', { failure: failureOf(err) }).catch((undoErr: unknown) => {
        this.deps.logger.error({ err: undoErr, redemptionId: idOf(r) }, 'redemption undo failed; left to the resume job');
        return null;
      });
      // The failure came after the last step was recorded: the redemption is complete.
      if (ended?.state === RedemptionState.Completed) return ended;
      throw err;
    }
  }

  /**
   * Undoes a redemption: `fail` one not ended yet, `cancel` a completed one (NOT_REVOCABLE when what it gave is in
   * use). Marks it first, then undoes issue, stock, points and limit (each idempotent, each safe when its step never
   * happened), then records the end. Returns the redemption as it ended (another end, when one came first).
   */
  async unwind(r: Redemption, reason: UndoReason, options: UnwindOptions = {}): Promise<Redemption> {
    const { clock, faults } = this.deps;
    const id = idOf(r);
    faults('unwinding', id);
    const { doc: marked, won } = await this.mark(r, reason, options);
    // Ended already, or another driver undoes it: a second one would race its own tidying (see tidy in StockBook).
    if (marked.unwinding !== reason || (!won && options.takeOver !== true)) return marked;
    const issuer = this.issuerOf(marked);
    const step = stepOf(marked.state);
    if (step >= stepOf(RedemptionState.StockTaken)) {
      const outcome = await issuer.undo(marked, reason);
      faults('undo_issue', id);
      if (outcome === 'in_use') return this.keep(marked, reason);
    }
    const codesSpent = reason === 'cancel' && marked.terms.type === MallRewardType.VirtualCode;
    if (step >= stepOf(RedemptionState.PointsHeld) && !codesSpent) {
      await this.deps.stock.giveBack(marked.rewardId, id, marked.quantity, step >= stepOf(RedemptionState.StockTaken));
      faults('undo_stock', id);
    }
    if (marked.pointsTotal > 0) {
      await this.givePointsBack(marked, reason);
      faults('undo_points', id);
    }
    if (marked.terms.limitPeriodKey !== null) {
      await this.deps.limits.giveBack(limitSlot(marked.rewardId, marked.memberId, marked.terms.limitPeriodKey), id);
      faults('undo_limit', id);
    }
    const now = clock.now();
    const end = reason === 'fail' ? RedemptionState.Failed : RedemptionState.Cancelled;
    const set: Partial<Redemption> =
      reason === 'fail'
        ? // The member's request key names the next attempt: a failed redemption holds it no longer.
          { state: end, requestKey: id, updatedAt: now }
        : {
            state: end,
            cancelledAt: now,
            updatedAt: now,
            ...(marked.fulfilmentStatus ? { fulfilmentStatus: FulfilmentStatus.Cancelled } : {}),
          };
    const ended = { ...marked, ...set };
    const result = await this.deps.redemptions.updateOne(
      { _id: marked._id, unwinding: reason },
      { $set: { ...set, outboxPending: true }, $unset: FOLLOW_UP_DONE, $push: { outbox: this.message(`redemption.${end}`, ended, now) } },
    );
    if (result.modifiedCount === 1) this.deps.onChanged();
    await this.deps.stock.tidy(marked.rewardId, id, 'r');
    return result.modifiedCount === 1 ? { ...ended, unwinding: undefined } : this.reload(marked);
  }

  private async forward(first: Redemption, fresh: boolean): Promise<Redemption> {
    const { faults, ledger, stock } = this.deps;
    const id = idOf(first);
    let r = first;
    if (r.unwinding) throw new Overtaken();
    if (r.state === RedemptionState.Created) {
      const { limitPeriodKey, limitCount } = r.terms;
      if (limitPeriodKey !== null && limitCount !== null) {
        const slot = limitSlot(r.rewardId, r.memberId, limitPeriodKey);
        if (!(await this.deps.limits.take(slot, id, r.quantity, limitCount))) {
          throw new BusinessRuleError(ErrorCode.LimitReached, 'The limit of this reward per member is reached for this period', {
            limit: limitCount,
            periodKey: limitPeriodKey,
          });
        }
        faults('limit', id);
      }
      if (r.pointsTotal > 0) {
        await ledger.hold({ memberId: r.memberId, amount: r.pointsTotal, orderId: pointsOrderId(r), key: `mall:${id}:hold` });
        faults('hold', id);
      }
      r = await this.record(r, RedemptionState.PointsHeld);
      faults('points_held', id);
    }
    if (r.state === RedemptionState.PointsHeld) {
      if ((await stock.take(r.rewardId, id, r.quantity)) === 'out_of_stock') {
        throw new BusinessRuleError(ErrorCode.OutOfStock, 'The reward is out of stock', { rewardId: r.rewardId, quantity: r.quantity });
      }
      faults('stock', id);
      r = await this.record(r, RedemptionState.StockTaken);
      faults('stock_taken', id);
      await stock.tidy(r.rewardId, id, 't');
    }
    if (r.state === RedemptionState.StockTaken) {
      const issued = await this.issuerOf(r).issue(r, { fresh });
      faults('issue', id);
      const physical = r.terms.type === MallRewardType.Physical;
      r = await this.record(r, RedemptionState.Issued, {
        issued,
        ...(physical
          ? {
              fulfilmentStatus: FulfilmentStatus.Pending,
              fulfilment: { trackingNumber: null, note: null, updatedAt: this.deps.clock.now() },
            }
          : {}),
      });
      faults('issued', id);
    }
    if (r.state === RedemptionState.Issued) {
      if (r.pointsTotal > 0) {
        await ledger.capture({ memberId: r.memberId, orderId: pointsOrderId(r), key: `mall:${id}:capture` });
        faults('capture', id);
      }
      r = await this.complete(r);
      faults('completed', id);
    }
    return r;
  }

  /** Records the step done, from the state it leaves; Overtaken when another driver moved it. */
  private async record(r: Redemption, to: RedemptionState, set: Partial<Redemption> = {}): Promise<Redemption> {
    const now = this.deps.clock.now();
    const result = await this.deps.redemptions.updateOne(
      { _id: r._id, state: r.state, unwinding: { $exists: false } },
      { $set: { state: to, updatedAt: now, ...set } },
    );
    if (result.modifiedCount !== 1) throw new Overtaken();
    return { ...r, ...set, state: to, updatedAt: now };
  }

  private async complete(r: Redemption): Promise<Redemption> {
    const now = this.deps.clock.now();
    const done: Redemption = { ...r, state: RedemptionState.Completed, completedAt: now, updatedAt: now };
    const result = await this.deps.redemptions.updateOne(
      { _id: r._id, state: RedemptionState.Issued, unwinding: { $exists: false } },
      {
        $set: { state: done.state, completedAt: now, updatedAt: now, outboxPending: true },
        $unset: FOLLOW_UP_DONE,
        $push: { outbox: this.message('redemption.completed', done, now) },
      },
    );
    if (result.modifiedCount !== 1) throw new Overtaken();
    this.deps.onChanged();
    return done;
  }

  /** Marks the undo, due for the resume job after the grace (at once would race this request). */
  private async mark(r: Redemption, reason: UndoReason, options: UnwindOptions): Promise<{ doc: Redemption; won: boolean }> {
    const now = this.deps.clock.now();
    const due = new Date(now.getTime() + this.deps.graceMs);
    const filter =
      reason === 'fail'
        ? { _id: r._id, memberId: r.memberId, state: { $nin: [...TERMINAL] }, unwinding: { $exists: false } }
        : { _id: r._id, memberId: r.memberId, state: RedemptionState.Completed, unwinding: { $exists: false }, ...options.onlyIf };
    const failure = options.failure ?? null;
    const marked = await this.deps.redemptions
      .findOneAndUpdate(
        filter,
        { $set: { unwinding: reason, followUp: true, followUpAt: due, updatedAt: now, ...(failure ? { failure } : {}) } },
        { returnDocument: 'after' },
      )
      .lean();
    return marked ? { doc: marked, won: true } : { doc: await this.reload(r), won: false };
  }

  /** What a cancel found in use stays with the member: the mark goes, the redemption stays as it was. */
  private async keep(r: Redemption, reason: UndoReason): Promise<Redemption> {
    await this.deps.redemptions.updateOne(
      { _id: r._id, unwinding: reason },
      reason === 'cancel' ? { $unset: FOLLOW_UP_DONE } : { $unset: { unwinding: 1 }, $set: { failure: null } },
    );
    if (reason === 'cancel') {
      throw new BusinessRuleError(ErrorCode.NotRevocable, 'What the redemption gave is already in use', { redemptionId: idOf(r) });
    }
    // A failed redemption whose reward the member already uses is finished instead (by the resume job).
    return this.reload(r);
  }

  /** Held points are released; captured ones (or a hold whose state is unknown) given back by reversing the grant. */
  private async givePointsBack(r: Redemption, reason: UndoReason): Promise<void> {
    const id = idOf(r);
    const ref = { memberId: r.memberId, orderId: pointsOrderId(r) };
    if (reason === 'fail') {
      try {
        await this.deps.ledger.release({ ...ref, key: `mall:${id}:release` });
        return;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    await this.deps.ledger.reverseGrant({ memberId: r.memberId, grantId: ref.orderId, key: `mall:${id}:${reason}:points-back` });
  }

  private issuerOf(r: Redemption): RewardIssuer {
    const issuer = this.deps.issuers[r.terms.type];
    if (!issuer) throw new Error(`no issuer for ${r.terms.type} rewards`);
    return issuer;
  }

  private async reload(r: Redemption): Promise<Redemption> {
    const found = await this.deps.redemptions.findOne({ _id: r._id, memberId: r.memberId }).lean();
    if (!found) throw new Error(`redemption ${idOf(r)} disappeared`);
    return found;
  }

  private message(type: string, r: Redemption, at: Date): OutboxMessage {
    return { id: `${type}:${idOf(r)}`, type, memberId: r.memberId, occurredAt: at, data: { ...toRedemptionView(r, { withCodes: false }) } };
  }
}

/** The failure recorded on a failed redemption: a refusal's code and message, anything else as INTERNAL. */
function failureOf(err: unknown): { code: string; message: string } {
  if (err instanceof AppError) return { code: err.code, message: err.message };
  return { code: ErrorCode.Internal, message: 'The redemption failed and was undone' };
}

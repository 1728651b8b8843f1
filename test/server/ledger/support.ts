import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Model } from 'mongoose';
import { ManualClock } from '@laurel/server/platform/clock.js';
import { AppError } from '@laurel/server/platform/errors.js';
import { connectMongo, type MongoHandle } from '@laurel/server/platform/mongo.js';
import { ledgerEntryModel, ledgerWalletModel, type LedgerEntry, type Wallet } from '@laurel/server/modules/ledger/model.js';
import { defaultLedgerOptions, LedgerService, type LedgerOptions } from '@laurel/server/modules/ledger/service.js';
import { uniqueName } from '../../support/harness.js';

export const SHANGHAI = 'Asia/Shanghai';

/** A ledger service against a database of its own on the real engine, with a manual clock. */
export interface LedgerHarness {
  mongo: MongoHandle;
  clock: ManualClock;
  ledger: LedgerService;
  wallets: Model<Wallet>;
  entries: Model<LedgerEntry>;
  /** Another service on the same database (another process, as far as the ledger can tell). */
  service(options?: Partial<LedgerOptions>, clock?: ManualClock): LedgerService;
  close(): Promise<void>;
}

export async function startLedger(
  options: Partial<LedgerOptions> = {},
  extra: { start?: string; onCommand?: (name: string) => void } = {},
): Promise<LedgerHarness> {
  const mongo = await connectMongo({ uri: process.env.MONGODB_URI ?? '', dbName: uniqueName('laurel_test'), onCommand: extra.onCommand });
  const wallets = ledgerWalletModel(mongo.connection);
  const entries = ledgerEntryModel(mongo.connection);
  await Promise.all([wallets.init(), entries.init()]);
  const clock = new ManualClock(extra.start ?? '2026-06-01T02:00:00.000Z');
  const service = (more: Partial<LedgerOptions> = {}, c: ManualClock = clock) =>
    new LedgerService(wallets, entries, c, { ...defaultLedgerOptions(SHANGHAI), ...options, ...more });
  return {
    mongo,
    clock,
    ledger: service(),
    wallets,
    entries,
    service,
    async close() {
      await mongo.connection.dropDatabase();
      await mongo.close();
    },
  };
}

export function aMemberId(): string {
  return randomBytes(12).toString('hex');
}

let keys = 0;
export function aKey(prefix = 'k'): string {
  keys += 1;
  return `${prefix}-${keys}-${randomBytes(3).toString('hex')}`;
}

export const DAY = 86_400_000;

/** Awaits a promise that must fail with an AppError of this status and code; returns it. */
export async function expectAppError(promise: Promise<unknown>, status: number, code: string): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    expect(err, String(err)).to.be.instanceOf(AppError);
    const appError = err as AppError;
    expect({ status: appError.status, code: appError.code }).to.deep.equal({ status, code });
    return appError;
  }
  throw new Error(`expected ${status} ${code}, but it succeeded`);
}

/** Reconciles one member and asserts every wallet agrees with its ledger. */
export async function expectNoDrift(ledger: LedgerService, memberId?: string): Promise<void> {
  const report = await ledger.reconcile(memberId ? { memberId } : {});
  expect(report.issues, JSON.stringify(report.issues, null, 1)).to.deep.equal([]);
  expect(report.ok).to.equal(true);
}

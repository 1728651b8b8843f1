import { randomBytes } from 'node:crypto';
import type { LedgerEntryView, LedgerSource, LedgerSummaryView } from '@laurel/shared';
import { expect } from 'chai';
import type { TestApp } from '../../support/harness.js';
import { bearer } from '../../support/builders.js';

export const DAY = 86_400_000;
export const EVENT: LedgerSource = { type: 'event', id: 'test' };

/** Enrols a member (as their first member-API call would) and returns their internal id. */
export async function aMember(t: TestApp, externalId: string): Promise<string> {
  return (await t.services.members.ensure(externalId)).id;
}

let keys = 0;
/** A fresh Idempotency-Key. */
export function aKey(prefix = 'key'): string {
  keys += 1;
  return `${prefix}-${keys}-${randomBytes(4).toString('hex')}`;
}

/** Credits points (or growth) directly through the ledger service, as an earning rule would. */
export async function earn(
  t: TestApp,
  memberId: string,
  amount: number,
  options: { currency?: 'points' | 'growth'; pendingDays?: number; orderId?: string } = {},
): Promise<LedgerEntryView> {
  const { entry } = await t.services.ledger.earn({
    memberId,
    currency: options.currency ?? 'points',
    amount,
    key: aKey('earn'),
    source: EVENT,
    pendingDays: options.pendingDays,
    orderId: options.orderId,
  });
  return entry;
}

/** POST as a service with an API key and, unless null, an Idempotency-Key. */
export function servicePost(t: TestApp, apiKey: string, path: string, body: object | undefined, key: string | null = aKey()) {
  const req = t.http.post(path).set(bearer(apiKey));
  if (key !== null) req.set('Idempotency-Key', key);
  return body === undefined ? req : req.send(body);
}

/** The member's summary straight from the service (read through the cache, like the API). */
export async function summaryOf(t: TestApp, memberId: string): Promise<LedgerSummaryView> {
  return t.services.ledger.summary(memberId);
}

/** Reconciles everything and asserts every wallet agrees with its ledger. */
export async function expectNoDrift(t: TestApp): Promise<void> {
  const report = await t.services.ledger.reconcile();
  expect(report.issues, JSON.stringify(report.issues, null, 1)).to.deep.equal([]);
  expect(report.ok).to.equal(true);
}

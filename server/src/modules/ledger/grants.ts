/**
 * Grants: ledger transactions of Laurel's own — a task reward, the cost of a make-up check-in — that may have to be
 * undone later. Each is named by a grant id, carried in the entries' `orderId` so that the refund machinery applies:
 * reversing a grant (LedgerService.reverseGrant) is a full refund of it, which takes back what it earned under the
 * refund policy and gives back what it spent. Grant ids begin with `grant:`; they are not orders (tiers count no
 * order for them).
 */
export const GRANT_PREFIX = 'grant:';

/** The grant id of a feature's transaction, e.g. grantId('task', completionId). */
export function grantId(feature: string, id: string): string {
  return `${GRANT_PREFIX}${feature}:${id}`;
}

export function isGrantId(orderId: string): boolean {
  return orderId.startsWith(GRANT_PREFIX);
}

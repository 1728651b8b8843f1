import { asApiError } from '../../api/errors';

/** A readable sentence for a refused adjustment, or null to show the error as the API gave it. */
export function adjustRefusal(error: unknown, currency: string): string | null {
  const err = asApiError(error);
  if (err.code !== 'INSUFFICIENT_POINTS') return null;
  const d = (err.details ?? {}) as { available?: unknown; requested?: unknown };
  const available = typeof d.available === 'number' ? d.available : null;
  const requested = typeof d.requested === 'number' ? d.requested : null;
  if (available === null || requested === null) return `Not enough ${currency} available for this debit.`;
  return `Not enough ${currency}: the member has ${available.toLocaleString('en-US')} available, the debit needs ${requested.toLocaleString('en-US')}.`;
}

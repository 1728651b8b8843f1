import { useCallback, useRef } from 'react';
import { newUuid } from '../lib/uuid';
import { asApiError } from './errors';

/** Refusals the server does not store as the key's answer: the same key, sent again, runs again. */
const RETRY_SAME_KEY = new Set(['WALLET_BUSY', 'TIER_BUSY', 'IDEMPOTENCY_KEY_IN_PROGRESS', 'RATE_LIMITED']);

export interface IdempotencyKeyHandle {
  /** Key to send with the next attempt. */
  current: () => string;
  /**
   * Call after each attempt. The key is kept only when the attempt may be
   * retried as-is (no answer, a 5xx, or a 409/429 that says "try again" —
   * WALLET_BUSY, TIER_BUSY, IDEMPOTENCY_KEY_IN_PROGRESS, RATE_LIMITED: the
   * server stores none of them); after a success or any other 4xx the server
   * has stored that answer, so an edited resubmission needs a fresh key
   * (otherwise 409 IDEMPOTENCY_KEY_REUSED).
   */
  settle: (error?: unknown) => void;
  /** Start over, e.g. when a form is reopened. */
  reset: () => void;
}

export function useIdempotencyKey(): IdempotencyKeyHandle {
  const key = useRef<string>('');
  const current = useCallback(() => {
    if (!key.current) key.current = newUuid();
    return key.current;
  }, []);
  const reset = useCallback(() => {
    key.current = '';
  }, []);
  const settle = useCallback((error?: unknown) => {
    if (error === undefined) {
      key.current = '';
      return;
    }
    const err = asApiError(error);
    const retryable = err.status === 0 || err.status >= 500 || RETRY_SAME_KEY.has(err.code);
    if (!retryable) key.current = '';
  }, []);
  return { current, settle, reset };
}

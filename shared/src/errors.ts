/** Machine-readable error codes carried in every error body (`{ error: { code, message, details } }`). */
export const ErrorCode = {
  ValidationFailed: 'VALIDATION_FAILED',
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  NotFound: 'NOT_FOUND',
  Conflict: 'CONFLICT',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeyInProgress: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  WalletBusy: 'WALLET_BUSY',
  TierBusy: 'TIER_BUSY',
  CouponBusy: 'COUPON_BUSY',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  RateLimited: 'RATE_LIMITED',
  Internal: 'INTERNAL',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  InsufficientPoints: 'INSUFFICIENT_POINTS',
  OutOfStock: 'OUT_OF_STOCK',
  LimitReached: 'LIMIT_REACHED',
  AlreadyCheckedIn: 'ALREADY_CHECKED_IN',
  CheckInClosed: 'CHECK_IN_CLOSED',
  TaskNotComplete: 'TASK_NOT_COMPLETE',
  AlreadyClaimed: 'ALREADY_CLAIMED',
  ClaimExpired: 'CLAIM_EXPIRED',
  MakeUpNotAllowed: 'MAKE_UP_NOT_ALLOWED',
  MakeUpLimitReached: 'MAKE_UP_LIMIT_REACHED',
  PlanNotAvailable: 'PLAN_NOT_AVAILABLE',
  QuotaExhausted: 'QUOTA_EXHAUSTED',
  NotEligible: 'NOT_ELIGIBLE',
  NotOnSale: 'NOT_ON_SALE',
  CouponNotUsable: 'COUPON_NOT_USABLE',
  NotRevocable: 'NOT_REVOCABLE',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  field: string;
  reasons: string[];
}

export interface ErrorBody {
  error: { code: string; message: string; details: Record<string, unknown> };
}

import { isIP } from 'node:net';
import { REFUND_POLICIES, TIER_METRICS, type RefundPolicy, type TierMetric } from '@laurel/shared';
import { parseSchedules } from './jobs/schedule.js';
import { OPERATOR_TOKEN_AUDIENCE } from './platform/http/token-claims.js';
import type { ExpiryPolicy } from './modules/ledger/expiry-policy.js';
import { PENDING_GROWTH_MODES, type PendingGrowth } from './modules/tiers/stats.js';
import type { TierWindow } from './modules/tiers/window.js';

/** Every setting Laurel reads, read once from the environment and validated. */
export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  mongodbUri: string;
  /** Overrides the database named in the URI (tests use one database per file). */
  mongodbDbName: string | undefined;
  /** Force the driver pool size; by default 1 on FerretDB (atomic conditional updates), 20 on MongoDB. */
  mongodbPoolSize: number | undefined;
  redisUrl: string;
  logLevel: string;
  businessTimeZone: string;
  memberJwt: {
    algorithm: 'HS256' | 'RS256';
    secret: string | undefined;
    publicKey: string | undefined;
    issuer: string | undefined;
    audience: string | undefined;
    /** Longest lifetime (exp - iat) of a member token that is accepted. */
    maxAgeSeconds: number;
  };
  adminToken: { secret: string; ttlSeconds: number };
  bootstrapAdmin: { email: string; password: string; name: string } | undefined;
  rateLimit: {
    windowSeconds: number;
    memberMax: number;
    apiKeyMax: number;
    ipMax: number;
    /** Login attempts per client address and email. */
    loginMax: number;
    /** Login attempts per email from all addresses together. */
    loginEmailMax: number;
  };
  idempotencyRetentionDays: number;
  /** How long a request holds its Idempotency-Key before a retry may take it over (a crashed process never finishes). */
  idempotencyLockSeconds: number;
  ledger: {
    pointsExpiry: ExpiryPolicy;
    growthExpiry: ExpiryPolicy;
    /** What a refund does when the points it should take back are gone. */
    refundPolicy: RefundPolicy;
    /** Days refunded points past (or near) their own expiry stay spendable; 0 = none, they expire with the refund. */
    refundRestoreGraceDays: number;
    /** Upper bound on how long a member summary stays cached in Redis. */
    summaryCacheTtlSeconds: number;
  };
  webhooks: {
    /** How long one delivery attempt may take. */
    timeoutMs: number;
    /** First retry delay; it doubles with each failed attempt. */
    retryBaseSeconds: number;
    /** Automatic retries stop this long after a delivery is created (or replayed). */
    retryWindowHours: number;
    /** Finished deliveries and relayed outbox messages are kept this long. */
    retentionDays: number;
    /** Whether receivers may be on loopback, private or link-local addresses (local development only). */
    allowPrivate: boolean;
  };
  events: {
    /** Delay before the first automatic retry of an event that failed; it doubles with each further failure. */
    retryBaseSeconds: number;
    /** Failed attempts after which an event is parked as `failed` until an operator retries it. */
    maxAttempts: number;
  };
  /** The tier program: what qualifies, over which window, and how early downgrades are announced. */
  tiers: { metric: TierMetric; pendingGrowth: PendingGrowth; window: TierWindow; downgradeWarningDays: number };
  coupons: {
    /** How long a checkout's lock on a coupon holds when the request names no time. */
    lockSeconds: number;
  };
  scheduler: {
    enabled: boolean;
    processEvery: string;
    /** Per-job schedule overrides (JOB_SCHEDULES), read in the business time zone; names are checked by the scheduler. */
    schedules: Record<string, string>;
  };
  adminUiDir: string | undefined;
  /** Express's `trust proxy`: how many proxies append to X-Forwarded-For (0: none), or which addresses are proxies. */
  trustProxy: number | string[];
}

export const DEFAULT_MEMBER_JWT_SECRET = 'laurel-local-member-jwt-secret-change-me';
export const DEFAULT_ADMIN_TOKEN_SECRET = 'laurel-local-admin-token-secret-change-me';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => {
    const value = env[name];
    return value === undefined || value === '' ? fallback : value;
  };
  const optional = (name: string): string | undefined => (env[name] ? env[name] : undefined);
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no'].includes(raw.toLowerCase())) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = str(name, fallback);
    if (!values.includes(raw as T)) problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
    return values.includes(raw as T) ? (raw as T) : fallback;
  };
  const expiry = (name: string, fallback: ExpiryPolicy): ExpiryPolicy => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const policy = parseExpiryPolicy(raw);
    if (!policy)
      problems.push(`${name} must be never, days:N, month_end:N or year_end:N with N a whole number from 0 to 36500 (got "${raw}")`);
    return policy ?? fallback;
  };

  const tierWindow = (name: string): TierWindow => {
    const raw = str(name, 'rolling_months:12');
    const window = parseTierWindow(raw);
    if (!window) problems.push(`${name} must be lifetime, calendar_year or rolling_months:N with N from 1 to 36 (got "${raw}")`);
    return window ?? { kind: 'rolling_months', months: 12 };
  };

  const nodeEnv = oneOf('NODE_ENV', ['development', 'test', 'production'] as const, 'development');
  const timeZone = str('BUSINESS_TIME_ZONE', 'Asia/Shanghai');
  if (!isValidTimeZone(timeZone)) problems.push(`BUSINESS_TIME_ZONE must be an IANA time zone (got "${timeZone}")`);

  const algorithm = oneOf('MEMBER_JWT_ALGORITHM', ['HS256', 'RS256'] as const, 'HS256');
  const memberSecret = algorithm === 'HS256' ? str('MEMBER_JWT_SECRET', DEFAULT_MEMBER_JWT_SECRET) : undefined;
  const publicKey = optional('MEMBER_JWT_PUBLIC_KEY')?.replace(/\\n/g, '\n');
  if (algorithm === 'RS256' && !publicKey) problems.push('MEMBER_JWT_PUBLIC_KEY is required when MEMBER_JWT_ALGORITHM=RS256');
  if (memberSecret !== undefined && memberSecret.length < 32) problems.push('MEMBER_JWT_SECRET must be at least 32 characters');

  const adminSecret = str('ADMIN_TOKEN_SECRET', DEFAULT_ADMIN_TOKEN_SECRET);
  if (adminSecret.length < 32) problems.push('ADMIN_TOKEN_SECRET must be at least 32 characters');
  if (adminSecret === memberSecret) problems.push('ADMIN_TOKEN_SECRET must differ from MEMBER_JWT_SECRET');
  const memberAudience = optional('MEMBER_JWT_AUDIENCE');
  if (memberAudience === OPERATOR_TOKEN_AUDIENCE)
    problems.push(`MEMBER_JWT_AUDIENCE must not be "${OPERATOR_TOKEN_AUDIENCE}", the audience of operator tokens`);

  const adminEmail = optional('ADMIN_EMAIL');
  const adminPassword = optional('ADMIN_PASSWORD');
  if (Boolean(adminEmail) !== Boolean(adminPassword)) problems.push('ADMIN_EMAIL and ADMIN_PASSWORD go together');
  if (adminPassword !== undefined && adminPassword.length < 12) problems.push('ADMIN_PASSWORD must be at least 12 characters');

  if (nodeEnv === 'production') {
    if (memberSecret === DEFAULT_MEMBER_JWT_SECRET) problems.push('MEMBER_JWT_SECRET must be set in production');
    if (adminSecret === DEFAULT_ADMIN_TOKEN_SECRET) problems.push('ADMIN_TOKEN_SECRET must be set in production');
    if (!env.MONGODB_URI) problems.push('MONGODB_URI must be set in production');
    if (!env.REDIS_URL) problems.push('REDIS_URL must be set in production');
  }

  const trustProxy = parseTrustProxy(str('TRUST_PROXY', '0'));
  if (typeof trustProxy === 'string') problems.push(trustProxy);
  const loginMax = int('RATE_LIMIT_LOGIN_MAX', 10, 1, 10_000);

  const jobSchedules = parseSchedules(str('JOB_SCHEDULES', ''));
  for (const problem of jobSchedules.problems) problems.push(`JOB_SCHEDULES: ${problem}`);

  const config: Config = {
    env: nodeEnv,
    port: int('PORT', 3000, 0, 65535),
    host: str('HOST', '127.0.0.1'),
    mongodbUri: str('MONGODB_URI', 'mongodb://127.0.0.1:27017/laurel'),
    mongodbDbName: optional('MONGODB_DB_NAME'),
    mongodbPoolSize: env.MONGODB_POOL_SIZE ? int('MONGODB_POOL_SIZE', 1, 1, 500) : undefined,
    redisUrl: str('REDIS_URL', 'redis://127.0.0.1:6379'),
    logLevel: oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    businessTimeZone: timeZone,
    memberJwt: {
      algorithm,
      secret: memberSecret,
      publicKey,
      issuer: optional('MEMBER_JWT_ISSUER'),
      audience: memberAudience,
      maxAgeSeconds: int('MEMBER_JWT_MAX_AGE_SECONDS', 86_400, 60, 2_592_000),
    },
    adminToken: { secret: adminSecret, ttlSeconds: int('ADMIN_TOKEN_TTL_SECONDS', 3600, 60, 86_400) },
    bootstrapAdmin:
      adminEmail && adminPassword
        ? { email: adminEmail.toLowerCase(), password: adminPassword, name: str('ADMIN_NAME', 'Administrator') }
        : undefined,
    rateLimit: {
      windowSeconds: int('RATE_LIMIT_WINDOW_SECONDS', 60, 1, 3600),
      memberMax: int('RATE_LIMIT_MEMBER_MAX', 600, 1, 1_000_000),
      apiKeyMax: int('RATE_LIMIT_API_KEY_MAX', 60_000, 1, 10_000_000),
      ipMax: int('RATE_LIMIT_IP_MAX', 1200, 1, 1_000_000),
      loginMax,
      loginEmailMax: int('RATE_LIMIT_LOGIN_EMAIL_MAX', 3 * loginMax, 1, 30_000),
    },
    idempotencyRetentionDays: int('IDEMPOTENCY_RETENTION_DAYS', 7, 7, 365),
    idempotencyLockSeconds: int('IDEMPOTENCY_LOCK_SECONDS', 60, 1, 3600),
    ledger: {
      pointsExpiry: expiry('POINTS_EXPIRY', { kind: 'year_end', years: 1 }),
      growthExpiry: expiry('GROWTH_EXPIRY', { kind: 'never' }),
      refundPolicy: oneOf('REFUND_POLICY', REFUND_POLICIES, 'within_available'),
      refundRestoreGraceDays: int('REFUND_RESTORE_GRACE_DAYS', 0, 0, 3650),
      summaryCacheTtlSeconds: int('SUMMARY_CACHE_TTL_SECONDS', 600, 1, 86_400),
    },
    webhooks: {
      timeoutMs: int('WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
      retryBaseSeconds: int('WEBHOOK_RETRY_BASE_SECONDS', 60, 1, 3600),
      retryWindowHours: int('WEBHOOK_RETRY_WINDOW_HOURS', 24, 1, 168),
      retentionDays: int('WEBHOOK_RETENTION_DAYS', 30, 1, 3650),
      allowPrivate: bool('WEBHOOK_ALLOW_PRIVATE', false),
    },
    events: {
      retryBaseSeconds: int('EVENTS_RETRY_BASE_SECONDS', 60, 1, 86_400),
      maxAttempts: int('EVENTS_MAX_ATTEMPTS', 8, 1, 100),
    },
    tiers: {
      metric: oneOf('TIER_METRIC', TIER_METRICS, 'growth'),
      pendingGrowth: oneOf('TIER_PENDING_GROWTH', PENDING_GROWTH_MODES, 'available'),
      window: tierWindow('TIER_WINDOW'),
      downgradeWarningDays: int('TIER_DOWNGRADE_WARNING_DAYS', 14, 0, 365),
    },
    coupons: {
      lockSeconds: int('COUPON_LOCK_SECONDS', 900, 60, 86_400),
    },
    scheduler: {
      enabled: bool('SCHEDULER_ENABLED', true),
      processEvery: str('SCHEDULER_PROCESS_EVERY', '5 seconds'),
      schedules: jobSchedules.schedules,
    },
    adminUiDir: optional('ADMIN_UI_DIR'),
    trustProxy: typeof trustProxy === 'string' ? 0 : trustProxy,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

const PROXY_SUBNET_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * TRUST_PROXY in Express's own forms: a hop count (how many proxies in front append to X-Forwarded-For;
 * 0 or `false`: none), or a comma-separated list of proxy addresses, subnets (CIDR) and the names
 * loopback, linklocal, uniquelocal. Never a blanket `true`: the left-most X-Forwarded-For entry is
 * whatever the client wrote. Returns the problem as a string.
 */
export function parseTrustProxy(text: string): number | string[] | string {
  const value = text.trim().toLowerCase();
  if (value === 'false' || value === 'no') return 0;
  if (value === 'true' || value === 'yes')
    return (
      `TRUST_PROXY=${text} would take the client's own X-Forwarded-For entries as its address; give the hop count ` +
      "(the number of proxies in front of Laurel, e.g. 1) or the proxies' addresses or subnets (e.g. 10.0.0.0/8,loopback)"
    );
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 16 ? hops : `TRUST_PROXY must be a hop count from 0 to 16 or a list of proxy addresses (got "${text}")`;
  }
  const entries = value.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !isProxyEntry(entry));
  if (bad !== undefined)
    return (
      `TRUST_PROXY must be a hop count or a comma-separated list of proxy addresses, subnets (CIDR, not /0) or ` +
      `${PROXY_SUBNET_NAMES.join(', ')} (got "${text}"; "${bad}" is none of them)`
    );
  return entries;
}

function isProxyEntry(entry: string): boolean {
  if (PROXY_SUBNET_NAMES.includes(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  return bits >= 1 && bits <= (family === 4 ? 32 : 128);
}

/** `never`, `days:N`, `month_end:N` or `year_end:N` (the ledger's expiry policies); null when it is none of them. */
export function parseExpiryPolicy(text: string): ExpiryPolicy | null {
  if (text === 'never') return { kind: 'never' };
  const match = /^(days|month_end|year_end):(\d{1,5})$/.exec(text);
  const count = Number(match?.[2]);
  if (!match || !Number.isInteger(count) || count > 36_500) return null;
  switch (match[1]) {
    case 'days':
      return { kind: 'days', days: count };
    case 'month_end':
      return { kind: 'month_end', months: count };
    default:
      return { kind: 'year_end', years: count };
  }
}

/** `lifetime`, `calendar_year` or `rolling_months:N` (N from 1 to 36); null when it is none of them. */
export function parseTierWindow(text: string): TierWindow | null {
  if (text === 'lifetime' || text === 'calendar_year') return { kind: text };
  const match = /^rolling_months:(\d{1,2})$/.exec(text);
  const months = Number(match?.[1]);
  return match && months >= 1 && months <= 36 ? { kind: 'rolling_months', months } : null;
}

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

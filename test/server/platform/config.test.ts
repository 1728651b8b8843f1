import { expect } from 'chai';
import { ConfigError, DEFAULT_ADMIN_TOKEN_SECRET, DEFAULT_MEMBER_JWT_SECRET, loadConfig } from '@laurel/server/config.js';

const PRODUCTION = {
  NODE_ENV: 'production',
  MONGODB_URI: 'mongodb://db.internal:27017/laurel',
  REDIS_URL: 'redis://cache.internal:6379',
  MEMBER_JWT_SECRET: 'a-production-member-secret-of-enough-length',
  ADMIN_TOKEN_SECRET: 'a-production-admin-secret-of-enough-length!',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).to.be.instanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect((err as ConfigError).message).to.include(problems[0]);
    return problems;
  }
  expect.fail(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('configuration', () => {
  it('accepts a complete production configuration', () => {
    const config = loadConfig({ ...PRODUCTION, PORT: '8080', BUSINESS_TIME_ZONE: 'Europe/Berlin', ADMIN_TOKEN_TTL_SECONDS: '900' });
    expect(config.env).to.equal('production');
    expect(config.port).to.equal(8080);
    expect(config.businessTimeZone).to.equal('Europe/Berlin');
    expect(config.adminToken).to.deep.equal({ secret: PRODUCTION.ADMIN_TOKEN_SECRET, ttlSeconds: 900 });
    expect(config.memberJwt).to.include({ algorithm: 'HS256', secret: PRODUCTION.MEMBER_JWT_SECRET });
    expect(config.logLevel).to.equal('info');
  });

  it('refuses production with the default secrets and no engines, listing every problem at once', () => {
    const problems = problemsOf({ NODE_ENV: 'production' });
    expect(problems).to.include.members([
      'MEMBER_JWT_SECRET must be set in production',
      'ADMIN_TOKEN_SECRET must be set in production',
      'MONGODB_URI must be set in production',
      'REDIS_URL must be set in production',
    ]);
  });

  it('refuses production when the secrets are set to the published defaults', () => {
    const problems = problemsOf({
      ...PRODUCTION,
      MEMBER_JWT_SECRET: DEFAULT_MEMBER_JWT_SECRET,
      ADMIN_TOKEN_SECRET: DEFAULT_ADMIN_TOKEN_SECRET,
    });
    expect(problems).to.deep.equal(['MEMBER_JWT_SECRET must be set in production', 'ADMIN_TOKEN_SECRET must be set in production']);
  });

  it('refuses secrets shorter than 32 characters', () => {
    const problems = problemsOf({ ...PRODUCTION, MEMBER_JWT_SECRET: 'short', ADMIN_TOKEN_SECRET: 'also-short' });
    expect(problems).to.deep.equal([
      'MEMBER_JWT_SECRET must be at least 32 characters',
      'ADMIN_TOKEN_SECRET must be at least 32 characters',
    ]);
  });

  for (const [name, value] of [
    ['PORT', 'abc'],
    ['PORT', '80.5'],
    ['PORT', '-1'],
    ['PORT', '65536'],
    ['RATE_LIMIT_MEMBER_MAX', '0'],
    ['RATE_LIMIT_WINDOW_SECONDS', 'ten'],
    ['ADMIN_TOKEN_TTL_SECONDS', '30'],
    ['IDEMPOTENCY_RETENTION_DAYS', '6'],
    ['MONGODB_POOL_SIZE', '0'],
    ['PORT', '0x10'],
    ['RATE_LIMIT_MEMBER_MAX', '1e3'],
    ['PORT', ' 80'],
  ] as const) {
    it(`refuses ${name}="${value}" naming the setting and the value`, () => {
      const problems = problemsOf({ NODE_ENV: 'test', [name]: value });
      expect(problems).to.have.length(1);
      expect(problems[0]).to.include(name).and.to.include(`"${value}"`);
    });
  }

  it('keeps idempotency keys at least 7 days', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).idempotencyRetentionDays).to.equal(7);
    expect(loadConfig({ NODE_ENV: 'test', IDEMPOTENCY_RETENTION_DAYS: '30' }).idempotencyRetentionDays).to.equal(30);
  });

  for (const zone of ['Mars/Olympus_Mons', 'UTC+8', 'not a zone']) {
    it(`refuses the unknown time zone "${zone}"`, () => {
      expect(problemsOf({ NODE_ENV: 'test', BUSINESS_TIME_ZONE: zone })).to.deep.equal([
        `BUSINESS_TIME_ZONE must be an IANA time zone (got "${zone}")`,
      ]);
    });
  }

  it('refuses an unknown NODE_ENV, log level, boolean or JWT algorithm', () => {
    expect(problemsOf({ NODE_ENV: 'staging' })[0]).to.include('NODE_ENV');
    expect(problemsOf({ NODE_ENV: 'test', LOG_LEVEL: 'verbose' })[0]).to.include('LOG_LEVEL');
    expect(problemsOf({ NODE_ENV: 'test', TRUST_PROXY: 'maybe' })[0]).to.include('TRUST_PROXY');
    expect(problemsOf({ NODE_ENV: 'test', MEMBER_JWT_ALGORITHM: 'none' })[0]).to.include('MEMBER_JWT_ALGORITHM');
  });

  it('requires a public key for RS256 and reads one given with escaped newlines', () => {
    expect(problemsOf({ NODE_ENV: 'test', MEMBER_JWT_ALGORITHM: 'RS256' })).to.deep.equal([
      'MEMBER_JWT_PUBLIC_KEY is required when MEMBER_JWT_ALGORITHM=RS256',
    ]);
    const config = loadConfig({
      NODE_ENV: 'test',
      MEMBER_JWT_ALGORITHM: 'RS256',
      MEMBER_JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\\nABC\\n-----END PUBLIC KEY-----',
    });
    expect(config.memberJwt).to.include({
      algorithm: 'RS256',
      secret: undefined,
      publicKey: '-----BEGIN PUBLIC KEY-----\nABC\n-----END PUBLIC KEY-----',
    });
  });

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together, with a long enough password', () => {
    expect(problemsOf({ NODE_ENV: 'test', ADMIN_EMAIL: 'root@example.com' })).to.deep.equal(['ADMIN_EMAIL and ADMIN_PASSWORD go together']);
    expect(problemsOf({ NODE_ENV: 'test', ADMIN_EMAIL: 'root@example.com', ADMIN_PASSWORD: 'short' })).to.deep.equal([
      'ADMIN_PASSWORD must be at least 12 characters',
    ]);
    const config = loadConfig({ NODE_ENV: 'test', ADMIN_EMAIL: 'Root@Example.com', ADMIN_PASSWORD: 'long enough password' });
    expect(config.bootstrapAdmin).to.deep.equal({ email: 'root@example.com', password: 'long enough password', name: 'Administrator' });
  });

  it('uses safe defaults outside production', () => {
    const config = loadConfig({});
    expect(config.env).to.equal('development');
    expect(config.host).to.equal('127.0.0.1');
    expect(config.trustProxy).to.equal(false);
    expect(config.rateLimit).to.deep.equal({ windowSeconds: 60, memberMax: 600, apiKeyMax: 60_000, ipMax: 1200, loginMax: 10 });
  });
});

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
    expect(problemsOf({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE: 'maybe' })[0]).to.include('WEBHOOK_ALLOW_PRIVATE');
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
    expect(config.trustProxy).to.equal(0);
    expect(config.rateLimit).to.deep.equal({
      windowSeconds: 60,
      memberMax: 600,
      apiKeyMax: 60_000,
      ipMax: 1200,
      loginMax: 10,
      loginEmailMax: 30,
    });
    expect(config.memberJwt.maxAgeSeconds).to.equal(86_400);
    expect(config.webhooks.allowPrivate).to.equal(false);
  });

  it('limits logins per email across addresses to three times the per-address limit unless set', () => {
    expect(loadConfig({ NODE_ENV: 'test', RATE_LIMIT_LOGIN_MAX: '4' }).rateLimit).to.include({ loginMax: 4, loginEmailMax: 12 });
    expect(loadConfig({ NODE_ENV: 'test', RATE_LIMIT_LOGIN_EMAIL_MAX: '7' }).rateLimit).to.include({ loginMax: 10, loginEmailMax: 7 });
  });

  describe('TRUST_PROXY', () => {
    it('takes a hop count: how many proxies in front of Laurel append to X-Forwarded-For', () => {
      expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '1' }).trustProxy).to.equal(1);
      expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '2' }).trustProxy).to.equal(2);
      expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: '0' }).trustProxy).to.equal(0);
      expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'false' }).trustProxy).to.equal(0);
    });

    it("takes a list of the proxies' addresses, subnets or Express's subnet names", () => {
      expect(loadConfig({ NODE_ENV: 'test', TRUST_PROXY: 'loopback, 10.0.0.0/8,192.168.1.7 , fd00::/8' }).trustProxy).to.deep.equal([
        'loopback',
        '10.0.0.0/8',
        '192.168.1.7',
        'fd00::/8',
      ]);
    });

    for (const blanket of ['true', 'TRUE', 'yes']) {
      it(`refuses the blanket TRUST_PROXY=${blanket}, which would let any client choose its own address`, () => {
        const problems = problemsOf({ NODE_ENV: 'test', TRUST_PROXY: blanket });
        expect(problems).to.have.length(1);
        expect(problems[0]).to.include('TRUST_PROXY').and.to.include('hop count').and.to.include('X-Forwarded-For');
      });
    }

    for (const bad of ['maybe', '10.0.0.0/33', '300.1.1.1', '10.0.0.0/8,', '-1', '1.5', '::1/129']) {
      it(`refuses TRUST_PROXY="${bad}" naming the value`, () => {
        const problems = problemsOf({ NODE_ENV: 'test', TRUST_PROXY: bad });
        expect(problems).to.have.length(1);
        expect(problems[0]).to.include('TRUST_PROXY');
      });
    }
  });

  describe('token secrets and lifetimes', () => {
    it('refuses to start when the operator token secret equals the member JWT secret', () => {
      const same = 'one-secret-for-both-kinds-of-token-0123456789';
      const problems = problemsOf({ ...PRODUCTION, MEMBER_JWT_SECRET: same, ADMIN_TOKEN_SECRET: same });
      expect(problems).to.deep.equal(['ADMIN_TOKEN_SECRET must differ from MEMBER_JWT_SECRET']);
      expect(problemsOf({ NODE_ENV: 'test', MEMBER_JWT_SECRET: same, ADMIN_TOKEN_SECRET: same })).to.deep.equal([
        'ADMIN_TOKEN_SECRET must differ from MEMBER_JWT_SECRET',
      ]);
    });

    it("refuses a member JWT audience equal to the operator tokens' audience", () => {
      expect(problemsOf({ NODE_ENV: 'test', MEMBER_JWT_AUDIENCE: 'laurel-admin' })[0]).to.include('MEMBER_JWT_AUDIENCE');
    });

    it('reads MEMBER_JWT_MAX_AGE_SECONDS and refuses values out of range', () => {
      expect(loadConfig({ NODE_ENV: 'test', MEMBER_JWT_MAX_AGE_SECONDS: '600' }).memberJwt.maxAgeSeconds).to.equal(600);
      expect(problemsOf({ NODE_ENV: 'test', MEMBER_JWT_MAX_AGE_SECONDS: '0' })[0]).to.include('MEMBER_JWT_MAX_AGE_SECONDS');
      expect(problemsOf({ NODE_ENV: 'test', MEMBER_JWT_MAX_AGE_SECONDS: '9999999999' })[0]).to.include('MEMBER_JWT_MAX_AGE_SECONDS');
    });
  });

  it('allows webhooks to private addresses only when WEBHOOK_ALLOW_PRIVATE is true', () => {
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE: 'true' }).webhooks.allowPrivate).to.equal(true);
    expect(loadConfig({ NODE_ENV: 'test', WEBHOOK_ALLOW_PRIVATE: 'false' }).webhooks.allowPrivate).to.equal(false);
  });
});

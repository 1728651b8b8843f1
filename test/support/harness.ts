import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import supertest from 'supertest';
import { buildApp } from '@laurel/server/app.js';
import { loadConfig, type Config } from '@laurel/server/config.js';
import { ManualClock } from '@laurel/server/platform/clock.js';
import { createLogger } from '@laurel/server/platform/logger.js';
import { createMetrics } from '@laurel/server/platform/metrics.js';
import { connectMongo, type MongoHandle } from '@laurel/server/platform/mongo.js';
import { connectRedis, type RedisHandle } from '@laurel/server/platform/redis.js';
import type { HostResolver } from '@laurel/server/modules/webhooks/egress.js';
import { createServices, type ServiceDeps, type Services } from '@laurel/server/services.js';

export interface TestApp {
  app: Express;
  http: supertest.Agent;
  services: Services;
  clock: ManualClock;
  config: Config;
  mongo: MongoHandle;
  redis: RedisHandle;
  dbName: string;
  close(): Promise<void>;
}

export const TEST_MEMBER_SECRET = 'test-member-jwt-secret-0123456789abcdef';
export const TEST_ADMIN_SECRET = 'test-admin-token-secret-0123456789abcdef';

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomBytes(5).toString('hex')}`;
}

/**
 * Builds the whole app against the real engines, in a database of its own (dropped by close()),
 * with a manual clock. `env` overrides configuration, as the environment would; `onCommand` sees
 * every database command the app sends (to count them); `resolveHost` stands in for DNS.
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    clock?: ManualClock;
    onCommand?: (commandName: string) => void;
    /** Replaces DNS for webhook host names (the system resolver otherwise). */
    resolveHost?: HostResolver | undefined;
    ledgerTuning?: ServiceDeps['ledgerTuning'];
    couponFaults?: ServiceDeps['couponFaults'];
    /** Tests only: fails benefit work between its steps (see BenefitFaultHook). */
    benefitFaults?: ServiceDeps['benefitFaults'];
    /** Failures injected at the steps of a redemption's saga. */
    mallFaults?: ServiceDeps['mallFaults'];
    /** Another app's database: a second process of one deployment (its close() leaves the database to its owner). */
    dbName?: string;
  } = {},
): Promise<TestApp> {
  const dbName = options.dbName ?? uniqueName('laurel_test');
  const config = loadConfig({
    NODE_ENV: 'test',
    MONGODB_URI: process.env.MONGODB_URI,
    REDIS_URL: process.env.REDIS_URL,
    MEMBER_JWT_SECRET: TEST_MEMBER_SECRET,
    ADMIN_TOKEN_SECRET: TEST_ADMIN_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Each test app gets its own rate-limit namespace through fresh principals; keep limits generous by default.
    RATE_LIMIT_IP_MAX: '100000',
    RATE_LIMIT_LOGIN_MAX: '1000',
    ...options.env,
  });
  const clock = options.clock ?? new ManualClock(new Date());
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics(false);
  const mongo = await connectMongo({ uri: config.mongodbUri, dbName, onCommand: options.onCommand });
  const redis = connectRedis(config.redisUrl, logger);
  const services = createServices({
    connection: mongo.connection,
    redis,
    clock,
    logger,
    metrics,
    config,
    resolveHost: options.resolveHost,
    ledgerTuning: options.ledgerTuning,
    couponFaults: options.couponFaults,
    benefitFaults: options.benefitFaults,
    mallFaults: options.mallFaults,
  });
  await services.ready();
  await waitForRedis(redis);
  const app = buildApp({ config, logger, metrics, clock, mongo, redis, services, version: 'test' });
  return {
    app,
    http: supertest.agent(app),
    services,
    clock,
    config,
    mongo,
    redis,
    dbName,
    async close() {
      await services.scheduler.stop();
      if (options.dbName === undefined) await mongo.connection.dropDatabase();
      await mongo.close();
      await redis.close();
    },
  };
}

async function waitForRedis(redis: RedisHandle): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!redis.isUp() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/**
 * The app on one listening server, for bursts of concurrent requests (supertest would otherwise open a server per
 * request); close() stops it.
 */
export async function listening(app: Express): Promise<{ api: supertest.Agent; close(): Promise<void> }> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    api: supertest.agent(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

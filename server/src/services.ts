import type { Connection } from 'mongoose';
import type { Config } from './config.js';
import type { JobDefinition } from './jobs/job.js';
import { jobRunModel } from './jobs/model.js';
import { Scheduler } from './jobs/scheduler.js';
import { adminUserModel } from './modules/admin-users/model.js';
import { AdminUserService } from './modules/admin-users/service.js';
import { apiKeyModel } from './modules/api-keys/model.js';
import { ApiKeyService } from './modules/api-keys/service.js';
import { auditModel } from './modules/audit/model.js';
import { AuditService } from './modules/audit/service.js';
import { capCounterModel, earningRuleModel } from './modules/earning-rules/model.js';
import { createEarningRules } from './modules/earning-rules/module.js';
import { eventModel } from './modules/events/model.js';
import { createEvents } from './modules/events/module.js';
import { idempotencyJobs } from './modules/idempotency/jobs.js';
import { idempotencyModel } from './modules/idempotency/model.js';
import { ledgerEntryModel, ledgerWalletModel } from './modules/ledger/model.js';
import { ledgerJobs } from './modules/ledger/jobs.js';
import { LedgerService } from './modules/ledger/service.js';
import { SummaryCache } from './modules/ledger/summary-cache.js';
import { IdempotencyService } from './modules/idempotency/service.js';
import { memberModel } from './modules/members/model.js';
import { MemberService } from './modules/members/service.js';
import type { Clock } from './platform/clock.js';
import type { Authenticators } from './platform/http/authenticate.js';
import { createMemberTokenVerifier } from './platform/http/member-token.js';
import { RateLimiter } from './platform/http/rate-limit.js';
import type { Logger } from './platform/logger.js';
import type { Metrics } from './platform/metrics.js';
import type { RedisHandle } from './platform/redis.js';

export interface ServiceDeps {
  connection: Connection;
  redis: RedisHandle;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  config: Config;
}

export type Services = ReturnType<typeof createServices>;

/** The one place every service is built from its dependencies. */
export function createServices(deps: ServiceDeps) {
  const { connection, clock, config } = deps;
  const models = {
    audit: auditModel(connection),
    adminUsers: adminUserModel(connection),
    apiKeys: apiKeyModel(connection),
    members: memberModel(connection),
    idempotency: idempotencyModel(connection),
    jobRuns: jobRunModel(connection),
    ledgerWallets: ledgerWalletModel(connection),
    ledgerEntries: ledgerEntryModel(connection),
    events: eventModel(connection),
    earningRules: earningRuleModel(connection),
    earningRuleCounters: capCounterModel(connection),
  };
  const audit = new AuditService(models.audit, clock);
  const adminUsers = new AdminUserService(models.adminUsers, audit, clock, config.adminToken);
  const apiKeys = new ApiKeyService(models.apiKeys, audit, clock);
  const members = new MemberService(models.members, clock);
  const idempotency = new IdempotencyService(models.idempotency, clock, { retentionDays: config.idempotencyRetentionDays });
  const summaryCache = new SummaryCache(deps.redis, clock, deps.logger, { ttlSeconds: config.ledger.summaryCacheTtlSeconds });
  const ledger = new LedgerService(
    models.ledgerWallets,
    models.ledgerEntries,
    clock,
    {
      timeZone: config.businessTimeZone,
      expiry: { points: config.ledger.pointsExpiry, growth: config.ledger.growthExpiry },
      refundPolicy: config.ledger.refundPolicy,
    },
    audit,
    summaryCache,
  );
  const earningRules = createEarningRules({
    rules: models.earningRules,
    counters: models.earningRuleCounters,
    audit,
    clock,
    ledger,
    members,
    timeZone: config.businessTimeZone,
  });
  const events = createEvents({ events: models.events, members, ledger, clock });
  events.pipeline.subscribe(earningRules.consumer).subscribe(events.refunds);

  const jobs: JobDefinition[] = [...idempotencyJobs(idempotency), ...ledgerJobs(ledger), ...events.jobs, ...earningRules.jobs];
  const scheduler = new Scheduler({
    connection,
    runs: models.jobRuns,
    jobs,
    clock,
    logger: deps.logger,
    metrics: deps.metrics,
    timeZone: config.businessTimeZone,
    processEvery: config.scheduler.processEvery,
  });

  const verifyMemberToken = createMemberTokenVerifier(config.memberJwt, clock);
  const authenticators: Authenticators = {
    member: async (token) => {
      const ref = await members.ensure(verifyMemberToken(token));
      return { kind: 'member', memberId: ref.id, externalId: ref.externalId };
    },
    service: (token) => apiKeys.authenticate(token),
    admin: (token) => adminUsers.authenticate(token),
  };

  return {
    audit,
    adminUsers,
    apiKeys,
    members,
    idempotency,
    ledger,
    events: events.service,
    earningRules: earningRules.service,
    scheduler,
    authenticators,
    rateLimiter: new RateLimiter(deps.redis, () => clock.now().getTime()),
    /** Resolves once every collection and index exists (unique indexes back idempotency). */
    ready: async (): Promise<void> => {
      await Promise.all(Object.values(models).map((model) => model.init()));
    },
  };
}

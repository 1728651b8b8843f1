import type { Connection } from 'mongoose';
import type { Config } from './config.js';
import type { JobDefinition } from './jobs/job.js';
import { BatchWalker } from './jobs/batch-walker.js';
import { schedulerJobs } from './jobs/jobs.js';
import { jobBatchModel, jobRunModel } from './jobs/model.js';
import { Scheduler } from './jobs/scheduler.js';
import { adminUserModel } from './modules/admin-users/model.js';
import { AdminUserService } from './modules/admin-users/service.js';
import { apiKeyModel } from './modules/api-keys/model.js';
import { ApiKeyService } from './modules/api-keys/service.js';
import { auditModel } from './modules/audit/model.js';
import type { BenefitFaultHook } from './modules/benefits/faults.js';
import {
  benefitGrantModel,
  benefitIssueModel,
  benefitMemberModel,
  benefitModel,
  benefitPackageModel,
  benefitUseModel,
  quotaCounterModel,
} from './modules/benefits/model.js';
import { createBenefits } from './modules/benefits/module.js';
import { AuditService } from './modules/audit/service.js';
import {
  checkInModel,
  checkInMonthModel,
  checkInProgramModel,
  makeUpCounterModel,
  milestoneClaimModel,
} from './modules/check-ins/model.js';
import { createCheckIns } from './modules/check-ins/module.js';
import { couponMemberCountModel, couponModel, couponTemplateModel } from './modules/coupons/model.js';
import type { IssueFaults } from './modules/coupons/issuer.js';
import { createCoupons } from './modules/coupons/module.js';
import { capCounterModel, earningRuleModel } from './modules/earning-rules/model.js';
import { createEarningRules } from './modules/earning-rules/module.js';
import { eventModel } from './modules/events/model.js';
import { createEvents } from './modules/events/module.js';
import { memberTierModel, tierChangeModel, tierEvaluationMarkModel, tierModel, tierNoticeModel } from './modules/tiers/model.js';
import { createTiers } from './modules/tiers/module.js';
import { idempotencyJobs } from './modules/idempotency/jobs.js';
import { idempotencyModel } from './modules/idempotency/model.js';
import { ledgerEntryModel, ledgerWalletModel } from './modules/ledger/model.js';
import { ledgerJobs } from './modules/ledger/jobs.js';
import { LedgerService, type LedgerOptions } from './modules/ledger/service.js';
import { SummaryCache } from './modules/ledger/summary-cache.js';
import { IdempotencyService } from './modules/idempotency/service.js';
import type { MallFaultHook } from './modules/mall/faults.js';
import { BenefitRewardIssuer } from './modules/mall/benefit-issuer.js';
import { CouponRewardIssuer } from './modules/mall/coupon-issuer.js';
import { mallRewardModel, redemptionModel, rewardCodeModel, rewardLimitCounterModel } from './modules/mall/model.js';
import { createMall } from './modules/mall/module.js';
import { memberModel } from './modules/members/model.js';
import { MemberService } from './modules/members/service.js';
import { outboxJobs } from './modules/outbox/jobs.js';
import { outboxMessageModel } from './modules/outbox/model.js';
import { OutboxService } from './modules/outbox/service.js';
import { OutboxTrigger } from './modules/outbox/trigger.js';
import { reminderJobs } from './modules/reminders/jobs.js';
import { reminderModel } from './modules/reminders/model.js';
import { ReminderService } from './modules/reminders/service.js';
import { RewardChecks } from './modules/rewards/checks.js';
import { RewardGranter } from './modules/rewards/service.js';
import { taskCompletionModel, taskCountsModel, taskMemberCounterModel, taskModel, taskProgressModel } from './modules/tasks/model.js';
import { createTasks } from './modules/tasks/module.js';
import { webhookDeliveryModel, webhookSubscriptionModel } from './modules/webhooks/model.js';
import type { HostResolver } from './modules/webhooks/egress.js';
import { createWebhooks } from './modules/webhooks/module.js';
import type { Clock } from './platform/clock.js';
import { redisGenerations } from './platform/generation-cache.js';
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
  /** Resolves webhook receivers' host names; the system resolver by default. */
  resolveHost?: HostResolver | undefined;
  /** Tests only: race a wallet's operations as separate processes would, and give up sooner (see LedgerOptions). */
  ledgerTuning?: Pick<LedgerOptions, 'serializeInProcess' | 'maxAttempts'>;
  /** Tests only: fails coupon issues at a chosen step, as a crash would (never reachable over HTTP). */
  couponFaults?: IssueFaults | undefined;
  /** Tests only: fails benefit work between its steps, as a crash would. */
  benefitFaults?: BenefitFaultHook | undefined;
  /** Tests only: failures injected at the steps of a redemption's saga (never reachable over HTTP). */
  mallFaults?: MallFaultHook;
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
    jobBatches: jobBatchModel(connection),
    reminders: reminderModel(connection),
    ledgerWallets: ledgerWalletModel(connection),
    ledgerEntries: ledgerEntryModel(connection),
    outboxMessages: outboxMessageModel(connection),
    webhookSubscriptions: webhookSubscriptionModel(connection),
    webhookDeliveries: webhookDeliveryModel(connection),
    events: eventModel(connection),
    earningRules: earningRuleModel(connection),
    earningRuleCounters: capCounterModel(connection),
    tiers: tierModel(connection),
    memberTiers: memberTierModel(connection),
    tierChanges: tierChangeModel(connection),
    tierNotices: tierNoticeModel(connection),
    tierEvaluationMarks: tierEvaluationMarkModel(connection),
    checkInPrograms: checkInProgramModel(connection),
    checkIns: checkInModel(connection),
    checkInMonths: checkInMonthModel(connection),
    checkInMakeUps: makeUpCounterModel(connection),
    checkInMilestoneClaims: milestoneClaimModel(connection),
    tasks: taskModel(connection),
    taskProgress: taskProgressModel(connection),
    taskCompletions: taskCompletionModel(connection),
    taskMemberCounters: taskMemberCounterModel(connection),
    taskCounts: taskCountsModel(connection),
    couponTemplates: couponTemplateModel(connection),
    coupons: couponModel(connection),
    couponMemberCounts: couponMemberCountModel(connection),
    benefits: benefitModel(connection),
    benefitPackages: benefitPackageModel(connection),
    benefitQuotaCounters: quotaCounterModel(connection),
    benefitGrants: benefitGrantModel(connection),
    benefitUses: benefitUseModel(connection),
    benefitIssues: benefitIssueModel(connection),
    benefitMembers: benefitMemberModel(connection),
    mallRewards: mallRewardModel(connection),
    redemptions: redemptionModel(connection),
    rewardLimitCounters: rewardLimitCounterModel(connection),
    rewardCodes: rewardCodeModel(connection),
  };
  const audit = new AuditService(models.audit, clock);
  const adminUsers = new AdminUserService(models.adminUsers, audit, clock, config.adminToken);
  const apiKeys = new ApiKeyService(models.apiKeys, audit, clock);
  const members = new MemberService(models.members, clock);
  const idempotency = new IdempotencyService(models.idempotency, clock, {
    retentionDays: config.idempotencyRetentionDays,
    lockMs: config.idempotencyLockSeconds * 1000,
  });
  const batchWalker = new BatchWalker(models.jobBatches, clock);
  const outbox = new OutboxService(models.outboxMessages, clock)
    .registerSource(models.ledgerEntries, { shardKey: 'memberId' })
    .registerSource(models.tierChanges, { shardKey: 'memberId' })
    .registerSource(models.tierNotices, { shardKey: 'memberId' })
    .registerSource(models.reminders, { shardKey: 'memberId' })
    .registerSource(models.checkIns, { shardKey: 'memberId' })
    .registerSource(models.taskCompletions, { shardKey: 'memberId' })
    .registerSource(models.coupons, { shardKey: 'memberId' })
    .registerSource(models.benefitUses, { shardKey: 'memberId' })
    .registerSource(models.benefitIssues, { shardKey: 'memberId' })
    .registerSource(models.redemptions, { shardKey: 'memberId' });
  const webhooks = createWebhooks({
    messages: models.outboxMessages,
    subscriptions: models.webhookSubscriptions,
    deliveries: models.webhookDeliveries,
    audit,
    clock,
    logger: deps.logger,
    settings: {
      timeoutMs: config.webhooks.timeoutMs,
      retryBaseMs: config.webhooks.retryBaseSeconds * 1000,
      retryWindowMs: config.webhooks.retryWindowHours * 3_600_000,
    },
    egress: { allowPrivate: config.webhooks.allowPrivate, resolve: deps.resolveHost },
    retentionDays: config.webhooks.retentionDays,
  });
  const outboxTrigger = new OutboxTrigger(async () => {
    await outbox.relay();
    await webhooks.dispatcher.run();
  }, deps.logger);
  const summaryCache = new SummaryCache(deps.redis, clock, deps.logger, { ttlSeconds: config.ledger.summaryCacheTtlSeconds });
  const ledger = new LedgerService(
    models.ledgerWallets,
    models.ledgerEntries,
    clock,
    {
      timeZone: config.businessTimeZone,
      expiry: { points: config.ledger.pointsExpiry, growth: config.ledger.growthExpiry },
      refundPolicy: config.ledger.refundPolicy,
      restoreGraceDays: config.ledger.refundRestoreGraceDays,
      walker: batchWalker,
      onWalletChanged: () => outboxTrigger.kick(),
      onListenerFailed: (listener, change, err) => {
        deps.metrics.ledgerFollowUpFailures.inc({ listener });
        deps.logger.warn(
          { err, listener, memberId: change.memberId, currency: change.currency, seq: change.seq },
          'ledger follow-up failed after retries; left to its catch-up',
        );
      },
      ...deps.ledgerTuning,
    },
    audit,
    summaryCache,
  );
  // Definition caches (tiers, earning rules, benefits, ...) share their generations per database.
  const generations = redisGenerations(deps.redis, connection.name);
  const tiers = createTiers({
    tiers: models.tiers,
    members: models.memberTiers,
    changes: models.tierChanges,
    notices: models.tierNotices,
    marks: models.tierEvaluationMarks,
    ledger,
    audit,
    clock,
    program: {
      metric: config.tiers.metric,
      pendingGrowth: config.tiers.pendingGrowth,
      window: config.tiers.window,
      zone: config.businessTimeZone,
      warningDays: config.tiers.downgradeWarningDays,
    },
    walker: batchWalker,
    generations,
  });
  const reminders = new ReminderService(models.reminders, ledger, clock, { timeZone: config.businessTimeZone });
  ledger.onApplied('tiers', (change) => tiers.service.onLedgerChange(change));
  // A benefit's birthday gift gives points and growth only; tasks and check-ins give coupons and benefit grants too,
  // through the services built with the gifts' granter (one class, two wirings: no cycle between benefits and rewards).
  const giftRewards = new RewardGranter({ ledger });
  const coupons = createCoupons({
    models: { templates: models.couponTemplates, coupons: models.coupons, memberCounts: models.couponMemberCounts },
    members,
    audit,
    clock,
    timeZone: config.businessTimeZone,
    walker: batchWalker,
    lockMs: config.coupons.lockSeconds * 1000,
    onChanged: () => outboxTrigger.kick(),
    faults: deps.couponFaults,
  });
  const benefits = createBenefits({
    models: {
      benefits: models.benefits,
      packages: models.benefitPackages,
      counters: models.benefitQuotaCounters,
      grants: models.benefitGrants,
      uses: models.benefitUses,
      issues: models.benefitIssues,
      members: models.benefitMembers,
    },
    rewards: giftRewards,
    coupons: coupons.service,
    members,
    audit,
    clock,
    logger: deps.logger,
    timeZone: config.businessTimeZone,
    walker: batchWalker,
    generations,
    onChanged: () => outboxTrigger.kick(),
    faults: deps.benefitFaults,
  });
  const rewards = new RewardGranter({ ledger, coupons: coupons.service, benefits: benefits.service });
  const rewardChecks = new RewardChecks({
    couponTemplate: (id) => coupons.templates.get(id),
    benefitProblem: (code) => benefits.definitions.grantProblem(code),
  });
  const earningRules = createEarningRules({
    rules: models.earningRules,
    counters: models.earningRuleCounters,
    audit,
    clock,
    ledger,
    members,
    timeZone: config.businessTimeZone,
    multipliers: benefits.multipliers,
    generations,
  });
  const events = createEvents({
    events: models.events,
    members,
    ledger,
    audit,
    clock,
    retry: { baseMs: config.events.retryBaseSeconds * 1000, maxAttempts: config.events.maxAttempts },
  });
  const checkIns = createCheckIns({
    programs: models.checkInPrograms,
    records: models.checkIns,
    months: models.checkInMonths,
    counters: models.checkInMakeUps,
    claims: models.checkInMilestoneClaims,
    ledger,
    rewards,
    rewardChecks,
    members,
    audit,
    walker: batchWalker,
    clock,
    logger: deps.logger,
    zone: config.businessTimeZone,
    generations,
  });
  const tasks = createTasks({
    models: {
      tasks: models.tasks,
      progress: models.taskProgress,
      completions: models.taskCompletions,
      counters: models.taskMemberCounters,
      counts: models.taskCounts,
    },
    rewards,
    rewardChecks,
    members,
    audit,
    clock,
    timeZone: config.businessTimeZone,
    walker: batchWalker,
    generations,
    onChanged: () => outboxTrigger.kick(),
  });
  const mall = createMall({
    models: { rewards: models.mallRewards, redemptions: models.redemptions, limits: models.rewardLimitCounters, codes: models.rewardCodes },
    ledger,
    members,
    audit,
    walker: batchWalker,
    clock,
    logger: deps.logger,
    zone: config.businessTimeZone,
    issuers: { coupon: new CouponRewardIssuer(coupons.service), benefit: new BenefitRewardIssuer(benefits.service) },
    couponTemplates: coupons.templates,
    benefitDefinitions: benefits.definitions,
    onChanged: () => outboxTrigger.kick(),
    faults: deps.mallFaults,
  });
  events.pipeline.subscribe(earningRules.consumer).subscribe(events.refunds).subscribe(tasks.consumer);

  const jobs: JobDefinition[] = [
    ...schedulerJobs(batchWalker, models.jobRuns, clock),
    ...idempotencyJobs(idempotency),
    ...ledgerJobs(ledger),
    ...reminderJobs(reminders),
    ...events.jobs,
    ...earningRules.jobs,
    ...tasks.jobs,
    ...tiers.jobs,
    ...outboxJobs(outbox),
    ...webhooks.jobs,
    ...checkIns.jobs,
    ...coupons.jobs,
    ...benefits.jobs,
    ...mall.jobs,
  ];
  const scheduler = new Scheduler({
    connection,
    runs: models.jobRuns,
    jobs,
    clock,
    logger: deps.logger,
    metrics: deps.metrics,
    timeZone: config.businessTimeZone,
    processEvery: config.scheduler.processEvery,
    schedules: config.scheduler.schedules,
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
    eventRecords: events.records,
    earningRules: earningRules.service,
    tasks: tasks.definitions,
    memberTasks: tasks.memberTasks,
    tiers: tiers.service,
    tierDefinitions: tiers.definitions,
    outbox,
    outboxTrigger,
    webhooks: webhooks.service,
    webhookDispatcher: webhooks.dispatcher,
    scheduler,
    batchWalker,
    reminders,
    checkIns: checkIns.service,
    checkInProgram: checkIns.program,
    coupons: coupons.service,
    couponTemplates: coupons.templates,
    benefits: benefits.service,
    benefitDefinitions: benefits.definitions,
    benefitSchedules: benefits.schedules,
    mallRewards: mall.rewards,
    redemptions: mall.redemptions,
    storefront: mall.storefront,
    authenticators,
    rateLimiter: new RateLimiter(deps.redis, () => clock.now().getTime()),
    /** Resolves once every collection and index exists (unique indexes back idempotency). */
    ready: async (): Promise<void> => {
      await Promise.all(Object.values(models).map((model) => model.init()));
    },
  };
}

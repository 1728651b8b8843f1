import fs from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response } from 'express';
import type { Config } from './config.js';
import { registerJobRoutes } from './jobs/routes.js';
import { registerAdminUserRoutes } from './modules/admin-users/routes.js';
import { registerApiKeyRoutes } from './modules/api-keys/routes.js';
import { registerAuditRoutes } from './modules/audit/routes.js';
import { registerBenefitRoutes } from './modules/benefits/routes.js';
import { registerCheckInRoutes } from './modules/check-ins/routes.js';
import { registerCouponRoutes } from './modules/coupons/routes.js';
import { registerEarningRuleRoutes } from './modules/earning-rules/routes.js';
import { registerEventAdminRoutes, registerEventRoutes } from './modules/events/routes.js';
import { registerTaskRoutes } from './modules/tasks/routes.js';
import { registerTierRoutes } from './modules/tiers/routes.js';
import { registerLedgerRoutes } from './modules/ledger/routes.js';
import { registerMallRoutes } from './modules/mall/routes.js';
import { registerMemberRoutes } from './modules/members/routes.js';
import { registerOperationalRoutes, registerSystemAdminRoutes } from './modules/system/routes.js';
import { registerWebhookRoutes } from './modules/webhooks/routes.js';
import type { Clock } from './platform/clock.js';
import { ApiRouter, type RouterDeps } from './platform/http/api-router.js';
import { errorHandler, notFoundHandler } from './platform/http/error-handler.js';
import { requestLogging, requestMetrics } from './platform/http/request-context.js';
import { rejectUnsafeKeys } from './platform/http/validation.js';
import type { Logger } from './platform/logger.js';
import type { Metrics } from './platform/metrics.js';
import type { MongoHandle } from './platform/mongo.js';
import { OpenApiRegistry } from './platform/openapi.js';
import type { RedisHandle } from './platform/redis.js';
import type { Services } from './services.js';

export interface AppDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  clock: Clock;
  mongo: MongoHandle;
  redis: RedisHandle;
  services: Services;
  version: string;
}

/** Builds the Express app from its dependencies: no listening, no globals, so tests build as many as they like. */
export function buildApp(deps: AppDeps): Express {
  const { config, services } = deps;
  const app = express();
  app.disable('x-powered-by');
  // A hop count or the proxies' addresses, never `true`: the left-most X-Forwarded-For entry is the client's to write.
  app.set('trust proxy', config.trustProxy);
  app.use(requestLogging(deps.logger));
  app.use(requestMetrics(deps.metrics));
  app.use(express.json({ limit: '1mb', type: ['application/json', 'application/*+json'] }));
  app.use(rejectUnsafeKeys);

  const openapi = new OpenApiRegistry();
  const systemDeps = { ...deps, scheduler: services.scheduler, openapi };
  registerOperationalRoutes(app, systemDeps);

  const routerDeps: RouterDeps = {
    auth: services.authenticators,
    idempotency: services.idempotency,
    rateLimiter: services.rateLimiter,
    rateLimits: config.rateLimit,
    openapi,
  };
  const v1 = new ApiRouter('/api/v1', routerDeps);
  const admin = new ApiRouter('/api/admin/v1', routerDeps);

  registerMemberRoutes({ member: v1, service: v1, admin }, services.members);
  registerLedgerRoutes({ member: v1, service: v1, admin }, services.ledger, services.members);
  registerAdminUserRoutes(admin, services.adminUsers, config.rateLimit);
  registerApiKeyRoutes(admin, services.apiKeys);
  registerAuditRoutes(admin, services.audit);
  registerJobRoutes(admin, services.scheduler);
  registerEventRoutes(v1, services.events);
  registerEventAdminRoutes(admin, services.eventRecords, services.members);
  registerEarningRuleRoutes(admin, services.earningRules);
  registerTierRoutes({ member: v1, admin }, services.tierDefinitions, services.tiers, services.scheduler);
  registerTaskRoutes({ member: v1, admin }, services.tasks, services.memberTasks);
  registerWebhookRoutes(admin, services.webhooks);
  registerCheckInRoutes({ member: v1, admin }, services.checkInProgram, services.checkIns);
  registerCouponRoutes({ member: v1, service: v1, admin }, services.couponTemplates, services.coupons);
  registerBenefitRoutes({ member: v1, service: v1, admin }, services.benefitDefinitions, services.benefits, services.members);
  registerMallRoutes(
    { member: v1, admin },
    { rewards: services.mallRewards, redemptions: services.redemptions, storefront: services.storefront },
  );
  registerSystemAdminRoutes(admin, systemDeps);

  app.use('/api/v1', v1.router);
  app.use('/api/admin/v1', admin.router);
  serveAdminUi(app, config.adminUiDir);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

function serveAdminUi(app: Express, configured: string | undefined): void {
  const dir = configured ?? path.resolve(import.meta.dirname, '../../admin-ui/dist');
  const index = path.join(dir, 'index.html');
  if (!fs.existsSync(index)) return;
  // Hashed asset names never change content; index.html must be revalidated so a deploy is seen at once.
  app.use('/admin/assets', express.static(path.join(dir, 'assets'), { immutable: true, maxAge: '365d' }), notFoundHandler);
  app.use('/admin', express.static(dir, { index: false, setHeaders: (res) => res.setHeader('Cache-Control', 'no-cache') }));
  const sendIndex = (_req: Request, res: Response): void => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  };
  app.get('/admin', sendIndex);
  app.get('/admin/{*rest}', sendIndex);
  app.get('/', (_req: Request, res: Response) => res.redirect('/admin/'));
}

import { AdminRole } from '@laurel/shared';
import type { Express, Request, Response } from 'express';
import type { Config } from '../../config.js';
import type { Scheduler } from '../../jobs/scheduler.js';
import type { ApiRouter } from '../../platform/http/api-router.js';
import type { Metrics } from '../../platform/metrics.js';
import type { MongoHandle } from '../../platform/mongo.js';
import type { OpenApiRegistry } from '../../platform/openapi.js';
import type { RedisHandle } from '../../platform/redis.js';

export interface SystemDeps {
  config: Config;
  version: string;
  mongo: MongoHandle;
  redis: RedisHandle;
  scheduler: Scheduler;
  metrics: Metrics;
  openapi: OpenApiRegistry;
  clock: { now(): Date };
}

async function databaseUp(mongo: MongoHandle): Promise<boolean> {
  try {
    const db = mongo.connection.db;
    if (!db) return false;
    await Promise.race([db.command({ ping: 1 }), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000))]);
    return true;
  } catch {
    return false;
  }
}

/** Probes, metrics and the OpenAPI document: plain routes outside the versioned APIs. */
export function registerOperationalRoutes(app: Express, deps: SystemDeps): void {
  app.get('/healthz', (_req: Request, res: Response) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req: Request, res: Response) => {
    const database = (await databaseUp(deps.mongo)) ? 'up' : 'down';
    const scheduler = !deps.config.scheduler.enabled ? 'disabled' : deps.scheduler.isRunning() ? 'up' : 'down';
    // Redis is reported but does not decide readiness: without it Laurel serves from the database.
    const redis = deps.redis.isUp() ? 'up' : 'down';
    const ready = database === 'up' && scheduler !== 'down';
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: { database, scheduler, redis } });
  });
  app.get('/metrics', async (_req: Request, res: Response) => {
    res.setHeader('Content-Type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });
  app.get('/api/openapi.json', (_req: Request, res: Response) => {
    res.json(deps.openapi.document(deps.version));
  });
}

export function registerSystemAdminRoutes(admin: ApiRouter, deps: SystemDeps): void {
  admin.route({
    method: 'get',
    path: '/system',
    summary: 'Version, engines and settings an operator should see',
    tag: 'System',
    auth: { kind: 'admin', role: AdminRole.Viewer },
    responds: { status: 200, description: 'System information' },
    handler: async () => ({
      status: 200,
      body: {
        version: deps.version,
        engine: deps.mongo.engine,
        redis: deps.redis.isUp() ? 'up' : 'down',
        scheduler: deps.scheduler.isRunning() ? 'up' : 'down',
        time: deps.clock.now().toISOString(),
        businessTimeZone: deps.config.businessTimeZone,
      },
    }),
  });
}

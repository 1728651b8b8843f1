import 'reflect-metadata';
import type { Server } from 'node:http';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { systemClock } from './platform/clock.js';
import { createLogger } from './platform/logger.js';
import { createMetrics } from './platform/metrics.js';
import { connectMongo } from './platform/mongo.js';
import { connectRedis } from './platform/redis.js';
import { VERSION } from './platform/version.js';
import { createServices } from './services.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const clock = systemClock;
  const metrics = createMetrics();
  const mongo = await connectMongo({ uri: config.mongodbUri, dbName: config.mongodbDbName, poolSize: config.mongodbPoolSize, logger });
  const redis = connectRedis(config.redisUrl, logger);
  const services = createServices({ connection: mongo.connection, redis, clock, logger, metrics, config });
  await services.ready();
  if (config.bootstrapAdmin && (await services.adminUsers.ensureBootstrapAdmin(config.bootstrapAdmin))) {
    logger.info({ email: config.bootstrapAdmin.email }, 'created the first admin from ADMIN_EMAIL');
  }
  if (config.scheduler.enabled) {
    await services.scheduler.start();
    services.outboxTrigger.start();
  }

  const app = buildApp({ config, logger, metrics, clock, mongo, redis, services, version: VERSION });
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info(
      { port: config.port, host: config.host, engine: mongo.engine },
      `Laurel ${VERSION} listening on http://${config.host}:${config.port}`,
    );
  });

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining HTTP and jobs');
    const forced = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, 20_000);
    forced.unref();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await services.outboxTrigger.stop();
    await services.scheduler.stop();
    await redis.close();
    await mongo.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Laurel failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

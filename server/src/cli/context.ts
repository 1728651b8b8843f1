import 'reflect-metadata';
import { loadConfig, type Config } from '../config.js';
import { systemClock } from '../platform/clock.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { createMetrics } from '../platform/metrics.js';
import { connectMongo, type MongoHandle } from '../platform/mongo.js';
import { connectRedis, type RedisHandle } from '../platform/redis.js';
import { createServices, type Services } from '../services.js';

export interface CliContext {
  config: Config;
  logger: Logger;
  mongo: MongoHandle;
  redis: RedisHandle;
  services: Services;
  close(): Promise<void>;
}

/** Opens the same services the server uses, for command-line tools and scripts. */
export async function openCliContext(): Promise<CliContext> {
  const config = loadConfig();
  const logger = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const mongo = await connectMongo({ uri: config.mongodbUri, dbName: config.mongodbDbName, poolSize: config.mongodbPoolSize });
  const redis = connectRedis(config.redisUrl, logger);
  const services = createServices({
    connection: mongo.connection,
    redis,
    clock: systemClock,
    logger,
    metrics: createMetrics(false),
    config,
  });
  await services.ready();
  return {
    config,
    logger,
    mongo,
    redis,
    services,
    async close() {
      await redis.close();
      await mongo.close();
    },
  };
}

import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { Schema } from 'mongoose';
import { connectMongo } from '@laurel/server/platform/mongo.js';
import { log, percentile, round, runConcurrent } from './lib.js';

// Conditional debits ($inc guarded by $gte) through Laurel's connection, against the same command
// issued by the bare driver (the engine's ceiling). Prints one JSON line of figures last.
const TOTAL = Number(process.env.BENCH_OPS ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const uri = process.env.MONGODB_URI ?? 'mongodb://127.0.0.1:27017/laurel';
const dbName = `laurel_bench_${randomBytes(4).toString('hex')}`;

async function main(): Promise<void> {
  let commands = 0;
  const mongo = await connectMongo({ uri, dbName, onCommand: () => commands++ });
  const Balance = mongo.connection.model('BenchBalance', new Schema({ _id: String, available: Number }, { versionKey: false }));
  await Balance.create({ _id: 'w', available: TOTAL });
  commands = 0;
  log(`laurel connection (${mongo.engine}, pool ${mongo.poolSize}): ${TOTAL} debits, ${CONCURRENCY} in flight`);
  let started = Date.now();
  const app = await runConcurrent(TOTAL, CONCURRENCY, async () => {
    await Balance.updateOne({ _id: 'w', available: { $gte: 1 } }, { $inc: { available: -1 } });
  });
  const appSeconds = (Date.now() - started) / 1000;
  const appCommands = commands;
  const left = (await Balance.findById('w').lean())?.available;

  const client = new MongoClient(uri, { maxPoolSize: mongo.poolSize });
  await client.connect();
  const raw = client.db(dbName).collection<{ _id: string; available: number }>('benchbalances');
  await raw.updateOne({ _id: 'w' }, { $set: { available: TOTAL } });
  log('bare driver, same command sequence');
  started = Date.now();
  const ceiling = await runConcurrent(TOTAL, CONCURRENCY, async () => {
    await raw.updateOne({ _id: 'w', available: { $gte: 1 } }, { $inc: { available: -1 } });
  });
  const ceilingSeconds = (Date.now() - started) / 1000;
  await client.close();
  await mongo.connection.dropDatabase();
  await mongo.close();

  const figures = {
    bench: 'atomic-debit',
    engine: mongo.engine,
    ops: TOTAL,
    concurrency: CONCURRENCY,
    opsPerSecond: round(TOTAL / appSeconds, 0),
    p50Ms: round(percentile(app, 50)),
    p99Ms: round(percentile(app, 99)),
    dbCommandsPerOp: round(appCommands / TOTAL, 2),
    ceilingOpsPerSecond: round(TOTAL / ceilingSeconds, 0),
    ceilingP50Ms: round(percentile(ceiling, 50)),
    ceilingP99Ms: round(percentile(ceiling, 99)),
    ratioToCeiling: round(TOTAL / appSeconds / (TOTAL / ceilingSeconds), 2),
    balanceLeft: left,
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

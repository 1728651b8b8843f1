import { MongoClient } from 'mongodb';
import mongoose, { type Connection, type Model } from 'mongoose';
import type { Logger } from './logger.js';

export type Engine = 'mongodb' | 'ferretdb';

export interface MongoHandle {
  connection: Connection;
  engine: Engine;
  poolSize: number;
  close(): Promise<void>;
}

export interface MongoOptions {
  uri: string;
  dbName?: string | undefined;
  poolSize?: number | undefined;
  logger?: Logger;
  /** Called with every command the driver sends; benchmarks count DB commands with it. */
  onCommand?: (commandName: string) => void;
}

/** Asks the server who it is: FerretDB answers buildInfo with a `ferretdbVersion` field. */
export async function detectEngine(uri: string): Promise<Engine> {
  const probe = new MongoClient(uri, { maxPoolSize: 1, serverSelectionTimeoutMS: 10_000 });
  try {
    await probe.connect();
    const info = await probe.db('admin').command({ buildInfo: 1 });
    return 'ferretdbVersion' in info ? 'ferretdb' : 'mongodb';
  } finally {
    await probe.close();
  }
}

/**
 * Opens the Mongoose connection. On FerretDB the pool is one connection, because FerretDB runs a
 * conditional update as read-filter-write: with one connection its commands run one at a time and
 * each conditional update is atomic, as it is on MongoDB.
 */
export async function connectMongo(options: MongoOptions): Promise<MongoHandle> {
  const engine = await detectEngine(options.uri);
  const poolSize = options.poolSize ?? (engine === 'ferretdb' ? 1 : 20);
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName,
    maxPoolSize: poolSize,
    minPoolSize: Math.min(poolSize, 1),
    serverSelectionTimeoutMS: 10_000,
    autoIndex: true,
    autoCreate: true,
    monitorCommands: Boolean(options.onCommand),
  });
  // During a database outage, fail requests after 3 s instead of holding each one for Mongoose's default 10 s.
  connection.set('bufferTimeoutMS', 3_000);
  if (options.onCommand) {
    const onCommand = options.onCommand;
    connection.getClient().on('commandStarted', (event) => onCommand(event.commandName));
  }
  await connection.asPromise();
  options.logger?.info({ engine, poolSize, db: connection.name }, 'connected to the database');
  return {
    connection,
    engine,
    poolSize,
    close: async () => {
      await connection.close();
    },
  };
}

export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 11000;
}

const UNAVAILABLE_ERROR_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
]);

/** True for driver errors that mean the database cannot be reached right now (an outage, not a bug). */
export function isDatabaseUnavailableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return UNAVAILABLE_ERROR_NAMES.has(err.name) || /buffering timed out/.test(err.message);
}

interface WriteError {
  index: number;
  code?: number;
}

/**
 * Inserts documents in one unordered command (`insert` sends them: a model's or a collection's insertMany with
 * `ordered: false`); returns the indexes of those that hit a unique key, i.e. were there already. Any other
 * error is thrown.
 */
export async function insertNewInBulk<T>(docs: T[], insert: (docs: T[]) => Promise<unknown>): Promise<Set<number>> {
  if (docs.length === 0) return new Set();
  try {
    await insert(docs);
    return new Set();
  } catch (err) {
    const raw = (err as { writeErrors?: WriteError[] | WriteError }).writeErrors;
    const single = docs.length === 1 && isDuplicateKeyError(err) ? [{ index: 0, code: 11000 }] : [];
    const list = raw === undefined ? single : Array.isArray(raw) ? raw : [raw];
    if (list.length === 0 || list.some((e) => !isDuplicateKeyError(e))) throw err;
    return new Set(list.map((e) => e.index));
  }
}

/** The most update statements Laurel sends in one command (see updateInBulk). */
export const BULK_STATEMENTS = 20;

export interface BulkUpdate {
  filter: Record<string, unknown>;
  update: Record<string, unknown>;
}

/**
 * Sends single-document updates (already in their stored types) in ordered bulk commands of at most
 * BULK_STATEMENTS each, one after another; returns how many documents they modified. Ordered, so the statements
 * run one at a time on every engine; bounded, because unpatched FerretDB v1 holds one PostgreSQL connection per
 * statement until its command ends (the build in scripts/ferretdb fixes that), and 20 stay well within its 50.
 */
export async function updateInBulk(model: Pick<Model<unknown>, 'collection'>, updates: BulkUpdate[]): Promise<number> {
  let modified = 0;
  for (let from = 0; from < updates.length; from += BULK_STATEMENTS) {
    const chunk = updates.slice(from, from + BULK_STATEMENTS).map(({ filter, update }) => ({ updateOne: { filter, update } }));
    modified += (await model.collection.bulkWrite(chunk, { ordered: true })).modifiedCount;
  }
  return modified;
}

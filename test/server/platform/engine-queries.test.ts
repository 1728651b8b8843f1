import { expect } from 'chai';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { Schema } from 'mongoose';
import { BULK_STATEMENTS, connectMongo, updateInBulk, type MongoHandle } from '@laurel/server/platform/mongo.js';
import { uniqueName } from '../../support/harness.js';

// What Laurel's queries rely on from the engine, including the two fixes the local FerretDB is built with
// (scripts/ferretdb/patches.mjs): equality and date ranges match exactly as MongoDB's do while using indexes, and
// a bulk update command with many statements completes.

describe('engine queries: equality and bulk updates', () => {
  let client: MongoClient;
  let db: Db;
  let mongo: MongoHandle;
  const dbName = uniqueName('laurel_test');

  before(async () => {
    client = new MongoClient(process.env.MONGODB_URI ?? '', { maxPoolSize: 1 });
    await client.connect();
    db = client.db(dbName);
    mongo = await connectMongo({ uri: process.env.MONGODB_URI ?? '', dbName });
  });

  after(async () => {
    await db.dropDatabase();
    await client.close();
    await mongo.close();
  });

  it('finds by string and ObjectId _id, and by an indexed key, exactly the matching documents', async () => {
    const docs = db.collection<{ _id: string; memberId: string; n: number }>('by_key');
    await docs.createIndex({ memberId: 1 });
    await docs.insertMany(Array.from({ length: 300 }, (_, i) => ({ _id: `w${i}`, memberId: `m${i % 100}`, n: i })));
    expect((await docs.findOne({ _id: 'w150' }))?.n).to.equal(150);
    expect(await docs.findOne({ _id: 'w300' })).to.equal(null);
    expect((await docs.find({ memberId: 'm7' }).toArray()).map((d) => d.n).sort((a, b) => a - b)).to.deep.equal([7, 107, 207]);
    expect(await docs.countDocuments({ memberId: { $eq: 'm99' } })).to.equal(3);

    const oids = db.collection<{ _id: ObjectId; n: number }>('by_oid');
    const ids = Array.from({ length: 50 }, () => new ObjectId());
    await oids.insertMany(ids.map((_id, n) => ({ _id, n })));
    expect((await oids.findOne({ _id: ids[42]! }))?.n).to.equal(42);
    // A string equal to an ObjectId's hex is a different value.
    expect(await db.collection('by_oid').findOne({ _id: ids[42]!.toHexString() as unknown as ObjectId })).to.equal(null);
  });

  it('matches an equality on a key holding an array when an element is equal, as MongoDB does', async () => {
    const docs = db.collection<{ _id: number; tags: string | string[] | { tag: string } }>('tagged');
    await docs.createIndex({ tags: 1 });
    await docs.insertMany([
      { _id: 1, tags: 'gold' },
      { _id: 2, tags: ['silver', 'gold'] },
      { _id: 3, tags: ['silver'] },
      { _id: 4, tags: 'silver' },
      { _id: 5, tags: { tag: 'gold' } },
    ]);
    const ids = async (filter: Record<string, unknown>) => (await docs.find(filter).toArray()).map((d) => d._id).sort();
    expect(await ids({ tags: 'gold' })).to.deep.equal([1, 2]);
    expect(await ids({ tags: 'silver' })).to.deep.equal([2, 3, 4]);
    expect(await ids({ tags: 'bronze' })).to.deep.equal([]);
  });

  it('matches booleans and integers by equality as MongoDB does, in arrays and across number types', async () => {
    const docs = db.collection<{ _id: number; v?: unknown }>('flags');
    await docs.createIndex({ v: 1 });
    await docs.insertMany([
      { _id: 1, v: true },
      { _id: 2, v: false },
      { _id: 3, v: [false, true] },
      { _id: 4, v: 7 },
      { _id: 5, v: 7.0 },
      { _id: 6, v: 7.5 },
      { _id: 7, v: [1, 7] },
      { _id: 8, v: '7' },
      { _id: 9 },
    ]);
    const ids = async (filter: Record<string, unknown>) => (await docs.find(filter).toArray()).map((d) => d._id).sort();
    expect(await ids({ v: true })).to.deep.equal([1, 3]);
    expect(await ids({ v: false })).to.deep.equal([2, 3]);
    expect(await ids({ v: 7 })).to.deep.equal([4, 5, 7]);
    expect(await ids({ v: { $eq: 1 } })).to.deep.equal([7]);
  });

  it('matches date ranges as MongoDB does: dates only, and arrays holding a matching date', async () => {
    const docs = db.collection<{ _id: number; d?: unknown }>('dated');
    await docs.createIndex({ d: 1 });
    const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
    await docs.insertMany([
      { _id: 1, d: day('2026-01-01') },
      { _id: 2, d: day('2026-06-01') },
      { _id: 3, d: null },
      { _id: 4 },
      { _id: 5, d: [day('2025-01-01'), day('2027-01-01')] },
      { _id: 6, d: 5 },
      { _id: 7, d: '2026-01-01' },
      { _id: 8, d: { at: day('2026-01-01') } },
    ]);
    const ids = async (filter: Record<string, unknown>) => (await docs.find(filter).toArray()).map((d) => d._id).sort();
    expect(await ids({ d: { $lt: day('2026-03-01') } })).to.deep.equal([1, 5]);
    expect(await ids({ d: { $lte: day('2026-01-01') } })).to.deep.equal([1, 5]);
    expect(await ids({ d: { $gte: day('2026-03-01') } })).to.deep.equal([2, 5]);
    expect(await ids({ d: { $gt: day('2026-06-01') } })).to.deep.equal([5]);
    expect(await ids({ d: { $gt: day('2025-06-01'), $lte: day('2026-06-01') } })).to.deep.equal([1, 2, 5]);
  });

  it(`applies ${BULK_STATEMENTS * 15} conditional updates through updateInBulk, skipping those whose condition fails`, async () => {
    const Counter = mongo.connection.model('BulkCounter', new Schema({ _id: String, version: Number }, { versionKey: false }));
    const total = BULK_STATEMENTS * 15;
    await Counter.insertMany(Array.from({ length: total }, (_, i) => ({ _id: `c${i}`, version: i % 3 === 0 ? 1 : 0 })));
    const modified = await updateInBulk(
      Counter,
      Array.from({ length: total }, (_, i) => ({ filter: { _id: `c${i}`, version: 0 }, update: { $set: { version: 2 } } })),
    );
    const stale = Array.from({ length: total }, (_, i) => i).filter((i) => i % 3 === 0).length;
    expect(modified).to.equal(total - stale);
    expect(await Counter.countDocuments({ version: 2 })).to.equal(total - stale);
    expect(await Counter.countDocuments({ version: 1 })).to.equal(stale);
  });

  it('completes one bulk command of 200 update statements (more than the engine has connections)', async () => {
    const docs = db.collection<{ _id: string; n: number }>('bulk');
    await docs.insertMany(Array.from({ length: 200 }, (_, i) => ({ _id: `b${i}`, n: 0 })));
    const result = await docs.bulkWrite(
      Array.from({ length: 200 }, (_, i) => ({ updateOne: { filter: { _id: `b${i}` }, update: { $inc: { n: i } } } })),
      { ordered: true },
    );
    expect(result.modifiedCount).to.equal(200);
    expect((await docs.findOne({ _id: 'b199' }))?.n).to.equal(199);
  });
});

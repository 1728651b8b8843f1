import { expect } from 'chai';
import { Schema, type Connection, type Model } from 'mongoose';
import { BATCH_RETENTION_MS, BatchWalker, type Walk } from '@laurel/server/jobs/batch-walker.js';
import { jobBatchModel, type JobBatch } from '@laurel/server/jobs/model.js';
import { connectMongo, type MongoHandle } from '@laurel/server/platform/mongo.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

interface Item {
  _id: string;
  due: boolean;
  visits: number;
}

const itemSchema = new Schema<Item>(
  { _id: { type: String }, due: { type: Boolean, required: true }, visits: { type: Number, required: true } },
  { collection: 'walk_items', versionKey: false },
);
itemSchema.index({ due: 1 });

function itemModel(connection: Connection): Model<Item> {
  return connection.models.WalkItem ?? connection.model<Item>('WalkItem', itemSchema);
}

const LEASE_MS = 60_000;

describe('batch walker', () => {
  let t: TestApp;
  let items: Model<Item>;
  let batches: Model<JobBatch>;
  let walker: BatchWalker;

  before(async () => {
    t = await startTestApp();
    items = itemModel(t.mongo.connection);
    batches = jobBatchModel(t.mongo.connection);
    await items.init();
    await batches.init();
    walker = new BatchWalker(batches, t.clock, { leaseMs: LEASE_MS, owner: 'a' });
  });

  after(async () => {
    await t.close();
  });

  beforeEach(async () => {
    await items.deleteMany({});
    await batches.deleteMany({});
  });

  const seed = async (count: number): Promise<void> => {
    const docs = Array.from({ length: count }, (_, i) => ({ _id: `item-${String(i).padStart(5, '0')}`, due: i % 4 !== 3, visits: 0 }));
    await items.insertMany(docs);
  };

  /** A walk over due items that marks each visited (so it leaves the filter, as expiry does), batches of 10. */
  const dueWalk = (runKey: string, model: Model<Item> = items, onBatch?: (ids: string[]) => void): Walk<Item> => ({
    runKey,
    model,
    filter: { due: true },
    batchSize: 10,
    process: async (docs) => {
      onBatch?.(docs.map((d) => d._id));
      for (const doc of docs) await model.updateOne({ _id: doc._id }, { $inc: { visits: 1 }, $set: { due: false } });
      return { visited: docs.length };
    },
  });

  it('walks every matching document once, in _id order, in bounded batches, and sums the counts', async () => {
    await seed(45); // 34 due
    const seen: string[][] = [];

    const result = await walker.walk(dueWalk('job@slot-1', items, (ids) => seen.push(ids)));

    expect(result).to.deep.equal({ batches: 4, documents: 34, skipped: 0, counts: { visited: 34 } });
    expect(seen.map((b) => b.length)).to.deep.equal([10, 10, 10, 4]);
    const flat = seen.flat();
    expect(flat).to.deep.equal([...flat].sort());
    expect(await items.countDocuments({ visits: { $ne: 0 } })).to.equal(34);
    expect(await items.countDocuments({ visits: { $gt: 1 } })).to.equal(0);
    expect(await batches.countDocuments({ runKey: 'job@slot-1', state: 'done' })).to.equal(4);
  });

  it('skips the done batches of a run when the same run key walks again, and walks afresh under a new key', async () => {
    await seed(30);
    await walker.walk(dueWalk('job@slot-1'));
    await items.updateMany({}, { $set: { due: true } });

    const again = await walker.walk(dueWalk('job@slot-1'));
    expect(again.documents).to.equal(0);
    expect(again.skipped).to.equal(3);

    const next = await walker.walk(dueWalk('job@slot-2'));
    expect(next.documents).to.equal(30);
  });

  it('resumes a run that failed midway after its last completed batch, without redoing earlier batches', async () => {
    await seed(40); // 30 due: 3 batches
    let calls = 0;
    const failing: Walk<Item> = {
      ...dueWalk('job@slot-1'),
      process: async (docs) => {
        calls += 1;
        if (calls === 2) throw new Error('worker crashed');
        return dueWalk('job@slot-1').process(docs);
      },
    };
    const failure = await walker.walk(failing).then(
      () => null,
      (err: Error) => err,
    );
    expect(failure?.message).to.equal('worker crashed');
    expect(await items.countDocuments({ visits: 1 })).to.equal(10);

    const seen: string[][] = [];
    const resumed = await walker.walk(dueWalk('job@slot-1', items, (ids) => seen.push(ids)));

    expect(resumed).to.include({ batches: 2, documents: 20, skipped: 1 });
    expect(seen.flat()).to.have.length(20);
    expect(await items.countDocuments({ visits: 1 })).to.equal(30);
    expect(await items.countDocuments({ visits: { $gt: 1 } })).to.equal(0);
  });

  it('leaves a batch claimed by a killed worker alone until its lease has passed, then takes it over once', async () => {
    await seed(20); // 15 due: batches of 10 and 5
    // A worker claimed the first batch and died before finishing it.
    const first = await items.find({ due: true }).sort({ _id: 1 }).limit(10).lean();
    await batches.create({
      _id: 'job@slot-1:^',
      runKey: 'job@slot-1',
      kind: 'claim',
      after: null,
      last: first[first.length - 1]!._id,
      size: 10,
      state: 'claimed',
      owner: 'dead',
      attempt: 1,
      claimedAt: t.clock.now(),
      leaseUntil: new Date(t.clock.now().getTime() + LEASE_MS),
      finishedAt: null,
      counts: {},
    });

    const early = await walker.walk(dueWalk('job@slot-1'));
    expect(early).to.include({ documents: 5, skipped: 1 });

    t.clock.advance(LEASE_MS + 1);
    const other = new BatchWalker(batches, t.clock, { leaseMs: LEASE_MS, owner: 'b' });
    const [late, raced] = await Promise.all([walker.walk(dueWalk('job@slot-1')), other.walk(dueWalk('job@slot-1'))]);

    expect(late.documents + raced.documents).to.equal(10);
    expect(await items.countDocuments({ visits: 1 })).to.equal(15);
    expect(await items.countDocuments({ visits: { $gt: 1 } })).to.equal(0);
    expect(await batches.countDocuments({ _id: 'job@slot-1:^#2' })).to.equal(1);
    expect((await batches.findById('job@slot-1:^').lean())?.state).to.equal('done');
  });

  describe('two workers on two connections (as two processes)', () => {
    let second: MongoHandle;

    before(async () => {
      second = await connectMongo({ uri: t.config.mongodbUri, dbName: t.dbName });
    });

    after(async () => {
      await second.close();
    });

    it('processes every batch of one run exactly once when both walk it concurrently', async () => {
      await seed(400); // 300 due: 30 batches
      const secondItems = itemModel(second.connection);
      const walkerB = new BatchWalker(jobBatchModel(second.connection), t.clock, { leaseMs: LEASE_MS, owner: 'b' });
      const seenA: string[] = [];
      const seenB: string[] = [];

      const [a, b] = await Promise.all([
        walker.walk(dueWalk('job@slot-9', items, (ids) => seenA.push(...ids))),
        walkerB.walk(dueWalk('job@slot-9', secondItems, (ids) => seenB.push(...ids))),
      ]);

      expect(a.batches, 'worker A took part').to.be.greaterThan(0);
      expect(b.batches, 'worker B took part').to.be.greaterThan(0);
      expect(a.documents + b.documents).to.equal(300);
      expect(a.counts.visited! + b.counts.visited!).to.equal(300);
      expect(new Set([...seenA, ...seenB]).size).to.equal(300);
      expect(seenA.filter((id) => seenB.includes(id))).to.deep.equal([]);
      expect(await items.countDocuments({ visits: 1 })).to.equal(300);
      expect(await items.countDocuments({ visits: { $gt: 1 } })).to.equal(0);
      expect(a.batches + b.batches).to.equal(await batches.countDocuments({ runKey: 'job@slot-9', kind: 'claim' }));
    });
  });

  it('deletes claims older than the retention and keeps recent ones', async () => {
    await seed(20);
    await walker.walk(dueWalk('job@old'));
    t.clock.advance(BATCH_RETENTION_MS + 1);
    await items.updateMany({}, { $set: { due: true } });
    await walker.walk(dueWalk('job@new'));

    const deleted = await walker.deleteOldBatches(t.clock.now());

    expect(deleted).to.equal(2);
    expect(await batches.countDocuments({ runKey: 'job@old' })).to.equal(0);
    expect(await batches.countDocuments({ runKey: 'job@new' })).to.equal(2);
  });
});

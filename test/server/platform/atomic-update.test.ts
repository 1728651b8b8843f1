import { expect } from 'chai';
import { Schema } from 'mongoose';
import { connectMongo, type MongoHandle } from '@laurel/server/platform/mongo.js';
import { uniqueName } from '../../support/harness.js';

describe('conditional $inc through the application connection', () => {
  let mongo: MongoHandle;

  before(async () => {
    mongo = await connectMongo({ uri: process.env.MONGODB_URI ?? '', dbName: uniqueName('laurel_test') });
  });

  after(async () => {
    await mongo.connection.dropDatabase();
    await mongo.close();
  });

  it('uses a one-connection pool on FerretDB', () => {
    if (mongo.engine === 'ferretdb') expect(mongo.poolSize).to.equal(1);
    else expect(mongo.poolSize).to.be.greaterThan(1);
  });

  it('lets exactly 100 of 200 concurrent debits of 1 succeed against a balance of 100', async () => {
    const Balance = mongo.connection.model('AtomicBalance', new Schema({ _id: String, available: Number }, { versionKey: false }));
    await Balance.create({ _id: 'wallet', available: 100 });
    const results = await Promise.all(
      Array.from({ length: 200 }, () => Balance.updateOne({ _id: 'wallet', available: { $gte: 1 } }, { $inc: { available: -1 } })),
    );
    const succeeded = results.filter((r) => r.modifiedCount === 1).length;
    const after = await Balance.findById('wallet').lean();
    expect(succeeded).to.equal(100);
    expect(after?.available).to.equal(0);
  });
});

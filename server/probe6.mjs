import { MongoClient } from 'mongodb';
const c = new MongoClient('mongodb://127.0.0.1:27018/probe', { maxPoolSize: 1 });
await c.connect();
const col = c.db('probe').collection('w');
await col.drop().catch(() => {});
await col.createIndex({ memberId: 1 });
await col.createIndex({ nextExpiryAt: 1 });
const N = 20000;
const lot = (i) => ({ lotId: `l${i}`, pending: false, earnedAt: new Date(), availableAt: new Date(), expiresAt: new Date(), source: { type: 'system', id: 'x' }, amount: 100, remaining: 100 });
for (let i = 0; i < N; i += 5000) await col.insertMany(Array.from({ length: 5000 }, (_, k) => ({ _id: `m${i + k}:points`, memberId: `m${i + k}`, version: 1, available: 100, lots: [lot(1)], nextExpiryAt: new Date() })));
const s = performance.now();
for (let r = 0; r < N; r += 20) {
  await col.bulkWrite(Array.from({ length: 20 }, (_, k) => ({ updateOne: { filter: { _id: `m${r + k}:points`, memberId: `m${r + k}`, version: 1 }, update: { $set: { version: 2, available: 0, lots: [], nextExpiryAt: null } } } })), { ordered: true });
}
console.log('updates/s', (N / ((performance.now() - s) / 1000)).toFixed(0));
await c.close();

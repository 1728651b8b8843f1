import { ApiScope, type WebhookDeliveryView } from '@laurel/shared';
import { expect } from 'chai';
import { outboxMessageModel } from '@laurel/server/modules/outbox/model.js';
import { webhookDeliveryModel } from '@laurel/server/modules/webhooks/model.js';
import { anApiKey, bearer } from '../../support/builders.js';
import {
  aReceiver,
  anEarn,
  aWebhook,
  deliveriesOf,
  dispatch,
  freshToken,
  startWebhooksApp,
  type Receiver,
  type WebhooksApp,
} from './support.js';
import { verifyLaurelSignature } from './verify-snippet.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('webhooks: delivery', () => {
  let app: WebhooksApp;
  const receivers: Receiver[] = [];

  async function receiver(status = 200): Promise<Receiver> {
    const r = await aReceiver(status);
    receivers.push(r);
    return r;
  }

  before(async () => {
    app = await startWebhooksApp();
  });

  afterEach(async () => {
    // Each test starts with no subscriptions and nothing pending, so deliveries of one never reach another.
    await dispatch(app);
    const token = await freshToken(app);
    const list = await app.t.http.get('/api/admin/v1/webhooks?limit=100').set(bearer(token)).expect(200);
    for (const hook of (list.body as { items: { id: string }[] }).items) {
      await app.t.http.delete(`/api/admin/v1/webhooks/${hook.id}`).set(bearer(token)).expect(204);
    }
    await dispatch(app);
  });

  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await app.t.close();
  });

  it('delivers the points.earned message of an event sent to POST /api/v1/events, signed as documented', async () => {
    const r = await receiver();
    const hook = await aWebhook(app, r.url, ['points.earned']);
    await app.t.http
      .post('/api/admin/v1/earning-rules')
      .set(bearer(await freshToken(app)))
      .send({ name: 'ten per order', eventType: 'order.paid', currency: 'points', formula: { kind: 'fixed', amount: 10 } })
      .expect(201);
    const apiKey = await anApiKey(app.t, [ApiScope.EventsWrite]);
    await app.t.http
      .post('/api/v1/events')
      .set(bearer(apiKey))
      .send({
        id: 'shop:order-77:paid',
        type: 'order.paid',
        occurredAt: '2026-06-01T01:00:00Z',
        member: { externalId: 'alice' },
        attributes: { orderId: 'order-77', amount: 5000, currency: 'CNY' },
      })
      .expect(201);
    await dispatch(app);

    expect(r.received).to.have.length(1);
    const [request] = r.received;
    const payload = JSON.parse(request!.body) as {
      id: string;
      type: string;
      occurredAt: string;
      memberId: string;
      data: Record<string, unknown>;
    };
    expect(Object.keys(payload).sort()).to.deep.equal(['data', 'id', 'memberId', 'occurredAt', 'type']);
    expect(payload.type).to.equal('points.earned');
    expect(payload.data).to.include({ delta: 10, orderId: 'order-77', currency: 'points' });
    expect(request!.headers['laurel-event-id']).to.equal(payload.id);
    expect(request!.headers['laurel-event-type']).to.equal('points.earned');
    expect(request!.headers['content-type']).to.match(/^application\/json/);
    const signature = String(request!.headers['laurel-signature']);
    expect(signature).to.match(/^t=\d+,v1=[0-9a-f]{64}$/);
    const now = app.t.clock.now().getTime();
    expect(verifyLaurelSignature(request!.body, signature, hook.secret, 300, now)).to.equal(true);
    expect(verifyLaurelSignature(`${request!.body} `, signature, hook.secret, 300, now)).to.equal(false);
    expect(verifyLaurelSignature(request!.body, signature, 'whsec_wrong', 300, now)).to.equal(false);
    expect(verifyLaurelSignature(request!.body, signature, hook.secret, 300, now + 10 * MINUTE)).to.equal(false);

    const [delivery] = await deliveriesOf(app, hook.id);
    expect(delivery).to.include({ status: 'delivered', attemptCount: 1, eventId: payload.id });
    expect(delivery!.attempts[0]).to.include({ statusCode: 200, error: null, responseExcerpt: 'answer 200', replay: false });
  });

  it('sends only the types a subscription asked for: exact, family (points.*) or everything (*)', async () => {
    const exact = await receiver();
    const family = await receiver();
    const growth = await receiver();
    const all = await receiver();
    await aWebhook(app, exact.url, ['points.spent']);
    await aWebhook(app, family.url, ['points.*']);
    await aWebhook(app, growth.url, ['growth.*']);
    await aWebhook(app, all.url, ['*']);
    await anEarn(app);
    await dispatch(app);
    expect([exact, family, growth, all].map((r) => r.received.length)).to.deep.equal([0, 1, 0, 1]);
  });

  it('retries a receiver answering 500 on the doubling schedule as the clock moves, and stops after its 2xx', async () => {
    const r = await receiver(500);
    const hook = await aWebhook(app, r.url);
    const start = app.t.clock.now().getTime();
    await anEarn(app);
    await dispatch(app);
    expect(r.received).to.have.length(1);

    app.t.clock.set(new Date(start + MINUTE - 1000));
    await dispatch(app);
    expect(r.received, 'not before the first minute').to.have.length(1);
    app.t.clock.set(new Date(start + MINUTE));
    await dispatch(app);
    expect(r.received).to.have.length(2);
    app.t.clock.set(new Date(start + 3 * MINUTE - 1000));
    await dispatch(app);
    expect(r.received, 'then two minutes later').to.have.length(2);
    app.t.clock.set(new Date(start + 3 * MINUTE));
    await dispatch(app);
    expect(r.received).to.have.length(3);

    r.status = 204;
    app.t.clock.set(new Date(start + 7 * MINUTE));
    await dispatch(app);
    expect(r.received).to.have.length(4);
    app.t.clock.set(new Date(start + 48 * HOUR));
    await dispatch(app);
    await dispatch(app);
    expect(r.received, 'nothing after the 2xx').to.have.length(4);

    const [delivery] = await deliveriesOf(app, hook.id);
    expect(delivery!.status).to.equal('delivered');
    expect(delivery!.attempts.map((a) => a.statusCode)).to.deep.equal([500, 500, 500, 204]);
    expect(delivery!.attempts.map((a) => new Date(a.at).getTime() - start)).to.deep.equal([0, MINUTE, 3 * MINUTE, 7 * MINUTE]);
    expect(new Set(r.received.map((x) => x.body)).size, 'every attempt sends the same body').to.equal(1);
  });

  it('gives up after the 24-hour retry window: the last attempt lands on its end, then the delivery is failed', async () => {
    const r = await receiver(503);
    const hook = await aWebhook(app, r.url);
    const start = app.t.clock.now().getTime();
    await anEarn(app);
    await dispatch(app);
    for (let i = 0; i < 30; i++) {
      const [d] = await deliveriesOf(app, hook.id);
      if (!d!.nextAttemptAt) break;
      app.t.clock.set(new Date(d!.nextAttemptAt));
      await dispatch(app);
    }
    const [delivery] = await deliveriesOf(app, hook.id);
    expect(delivery!.status).to.equal('failed');
    const offsets = delivery!.attempts.map((a) => (new Date(a.at).getTime() - start) / MINUTE);
    expect(offsets).to.deep.equal([0, 1, 3, 7, 15, 31, 63, 127, 255, 511, 1023, 1440]);
    app.t.clock.set(new Date(start + 72 * HOUR));
    await dispatch(app);
    expect(r.received).to.have.length(12);
  });

  it('never delivers again to a receiver that answered 2xx, with dispatchers run twice and concurrently', async () => {
    const r = await receiver(200);
    const hook = await aWebhook(app, r.url);
    for (let i = 0; i < 12; i++) await anEarn(app);
    await app.t.services.scheduler.runJob('outbox.relay');
    const dispatcher = app.t.services.webhookDispatcher;
    const runs = await Promise.all([dispatcher.run(), dispatcher.run(), dispatcher.run()]);
    await dispatch(app);
    await dispatch(app);
    expect(r.received).to.have.length(12);
    expect(new Set(r.received.map((x) => x.headers['laurel-event-id'])).size).to.equal(12);
    expect(runs.reduce((sum, run) => sum + run.attempted, 0)).to.equal(12);
    const deliveries = await deliveriesOf(app, hook.id);
    expect(deliveries.map((d) => d.status)).to.deep.equal(new Array(12).fill('delivered'));
    expect(deliveries.every((d) => d.attemptCount === 1)).to.equal(true);
  });

  it('records a timeout as a failed attempt with its error and retries it', async () => {
    const slow = await startWebhooksApp({ WEBHOOK_TIMEOUT_MS: '200' });
    const r = await receiver(200);
    r.hang = true;
    try {
      const hook = await aWebhook(slow, r.url);
      await anEarn(slow);
      await dispatch(slow);
      const [delivery] = await deliveriesOf(slow, hook.id);
      expect(delivery).to.include({ status: 'pending', attemptCount: 1 });
      expect(delivery!.attempts[0]).to.include({ statusCode: null, error: 'timed out after 200 ms' });
    } finally {
      await slow.t.close();
    }
  });

  it('cancels pending deliveries of a subscription that was disabled or deleted', async () => {
    const r = await receiver(500);
    const hook = await aWebhook(app, r.url);
    await anEarn(app);
    await dispatch(app);
    await app.t.http
      .patch(`/api/admin/v1/webhooks/${hook.id}`)
      .set(bearer(await freshToken(app)))
      .send({ active: false })
      .expect(200);
    app.t.clock.advance(HOUR);
    await dispatch(app);
    expect(r.received).to.have.length(1);
    const [delivery] = await deliveriesOf(app, hook.id);
    expect(delivery!.status).to.equal('cancelled');
  });

  it('replays a delivery on request, once per Idempotency-Key, even after it was delivered', async () => {
    const r = await receiver(200);
    const hook = await aWebhook(app, r.url);
    await anEarn(app);
    await dispatch(app);
    const [delivery] = await deliveriesOf(app, hook.id);
    const path = `/api/admin/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/replay`;
    const first = await app.t.http
      .post(path)
      .set(bearer(await freshToken(app)))
      .set('Idempotency-Key', 'replay-1')
      .expect(200);
    const again = await app.t.http
      .post(path)
      .set(bearer(await freshToken(app)))
      .set('Idempotency-Key', 'replay-1')
      .expect(200);
    expect(again.headers['idempotent-replayed']).to.equal('true');
    expect(again.body).to.deep.equal(first.body);
    expect(r.received).to.have.length(2);
    expect(r.received[1]!.body).to.equal(r.received[0]!.body);
    const replayed = first.body as WebhookDeliveryView;
    expect(replayed).to.include({ status: 'delivered', attemptCount: 2 });
    expect(replayed.attempts.map((a) => a.replay)).to.deep.equal([false, true]);
    await app.t.http
      .post(path)
      .set(bearer(await freshToken(app)))
      .set('Idempotency-Key', 'replay-2')
      .expect(200);
    expect(r.received).to.have.length(3);
  });

  it('replays a failed delivery with a fresh retry window', async () => {
    const r = await receiver(500);
    const hook = await aWebhook(app, r.url);
    const start = app.t.clock.now().getTime();
    await anEarn(app);
    await dispatch(app);
    app.t.clock.set(new Date(start + 25 * HOUR));
    await dispatch(app);
    const [failed] = await deliveriesOf(app, hook.id);
    expect(failed!.status).to.equal('failed');
    r.status = 200;
    const res = await app.t.http
      .post(`/api/admin/v1/webhooks/${hook.id}/deliveries/${failed!.id}/replay`)
      .set(bearer(await freshToken(app)))
      .expect(200);
    expect((res.body as WebhookDeliveryView).status).to.equal('delivered');
    expect(new Date((res.body as WebhookDeliveryView).retryUntil).getTime()).to.equal(start + 49 * HOUR);
  });

  it('signs with both secrets for a day after a rotation, then with the new one only', async () => {
    const r = await receiver(200);
    const hook = await aWebhook(app, r.url);
    const rotated = await app.t.http
      .post(`/api/admin/v1/webhooks/${hook.id}/rotate-secret`)
      .set(bearer(await freshToken(app)))
      .expect(200);
    const secret = (rotated.body as { secret: string }).secret;
    expect(secret)
      .to.match(/^whsec_/)
      .and.not.equal(hook.secret);
    await anEarn(app);
    await dispatch(app);
    const header = String(r.received[0]!.headers['laurel-signature']);
    expect(header.split(',').filter((p) => p.startsWith('v1='))).to.have.length(2);
    const now = app.t.clock.now().getTime();
    expect(verifyLaurelSignature(r.received[0]!.body, header, secret, 300, now)).to.equal(true);
    expect(verifyLaurelSignature(r.received[0]!.body, header, hook.secret, 300, now)).to.equal(true);

    app.t.clock.advance(25 * HOUR);
    await anEarn(app);
    await dispatch(app);
    const later = String(r.received[1]!.headers['laurel-signature']);
    const at = app.t.clock.now().getTime();
    expect(verifyLaurelSignature(r.received[1]!.body, later, secret, 300, at)).to.equal(true);
    expect(verifyLaurelSignature(r.received[1]!.body, later, hook.secret, 300, at)).to.equal(false);
  });
});

describe('webhooks: recovery and the in-process trigger', () => {
  let app: WebhooksApp;
  let r: Receiver;

  before(async () => {
    app = await startWebhooksApp();
    r = await aReceiver(200);
  });

  after(async () => {
    await r.close();
    await app.t.close();
  });

  it('takes back an attempt whose worker died before recording the answer and sends it again', async () => {
    const hook = await aWebhook(app, r.url, ['points.earned']);
    await anEarn(app);
    await app.t.services.outbox.relay();
    const deliveries = webhookDeliveryModel(app.t.mongo.connection);
    await app.t.services.webhookDispatcher.run();
    const [sent] = await deliveriesOf(app, hook.id);
    // What a crash between the claim and the recording leaves: sending, claimed once, locked for a while.
    await deliveries.updateOne(
      { _id: sent!.id },
      { $set: { status: 'sending', attempts: [], deliveredAt: null, lockedUntil: new Date(app.t.clock.now().getTime() + 70_000) } },
    );
    await app.t.services.webhookDispatcher.run();
    expect(r.received, 'not while the lock holds').to.have.length(1);
    app.t.clock.advance(70_000);
    await app.t.services.webhookDispatcher.run();
    const [taken] = await deliveriesOf(app, hook.id);
    // Counted as a failed attempt: the receiver may have had it, so the usual backoff applies.
    expect(taken).to.include({ status: 'pending', nextAttemptAt: new Date(app.t.clock.now().getTime() + 60_000).toISOString() });
    app.t.clock.advance(60_000);
    await app.t.services.webhookDispatcher.run();
    const [after] = await deliveriesOf(app, hook.id);
    expect(after).to.include({ status: 'delivered', attemptCount: 2 });
    expect(after!.attempts.map((a) => a.error)).to.deep.equal(['interrupted: no answer was recorded', null]);
    expect(r.received).to.have.length(2);
    await app.t.http
      .delete(`/api/admin/v1/webhooks/${hook.id}`)
      .set(bearer(await freshToken(app)))
      .expect(204);
  });

  it('relays and delivers right after a ledger write once the trigger is started, without waiting for the jobs', async () => {
    const hook = await aWebhook(app, r.url, ['points.earned']);
    const before = r.received.length;
    app.t.services.outboxTrigger.start();
    try {
      await anEarn(app);
    } finally {
      await app.t.services.outboxTrigger.stop();
    }
    expect(r.received).to.have.length(before + 1);
    const [delivery] = await deliveriesOf(app, hook.id);
    expect(delivery!.status).to.equal('delivered');
  });

  it('deletes finished deliveries and relayed messages past their retention, never pending work', async () => {
    const hook = await aWebhook(app, r.url, ['points.earned']);
    await anEarn(app);
    await app.t.services.outbox.relay();
    await app.t.services.webhookDispatcher.run();
    r.status = 500;
    await anEarn(app);
    await app.t.services.outbox.relay();
    await app.t.services.webhookDispatcher.run();
    r.status = 200;
    const deliveries = webhookDeliveryModel(app.t.mongo.connection);
    const messages = outboxMessageModel(app.t.mongo.connection);
    const early = await app.t.services.scheduler.runJob('webhooks.cleanup');
    expect(early.counts).to.deep.equal({ deliveries: 0, messages: 0 });
    const messagesBefore = await messages.countDocuments({});
    app.t.clock.advance(31 * 86_400_000);
    // No dispatch ran since: the failing delivery is still pending, and pending work is kept whatever its age.
    const run = await app.t.services.scheduler.runJob('webhooks.cleanup');
    expect(run.counts.messages).to.equal(messagesBefore);
    expect(run.counts.deliveries).to.be.greaterThan(0);
    const left = await deliveries.find({ subscriptionId: hook.id }).lean();
    expect(left.map((d) => d.status)).to.deep.equal(['pending']);
  });
});

import { AdminRole, type WebhookDeliveryView } from '@laurel/shared';
import { webhookDeliveryModel } from '@laurel/server/modules/webhooks/model.js';
import { expect } from 'chai';
import { anOperator, bearer, type Operator } from '../../support/builders.js';
import { aReceiver, anEarn, aWebhook, dispatch, freshToken, startWebhooksApp, type Receiver, type WebhooksApp } from './support.js';

/** Longest excerpt of a receiver's answer that is kept. */
const EXCERPT_CHARS = 200;

describe("webhooks: what is kept of a receiver's answer", () => {
  let app: WebhooksApp;
  let r: Receiver;
  let viewer: Operator;
  let operator: Operator;
  let hookId: string;
  let deliveryId: string;
  const longBody = `secret-looking answer ${'x'.repeat(100_000)}`;

  before(async () => {
    app = await startWebhooksApp();
    viewer = await anOperator(app.t, AdminRole.Viewer);
    operator = await anOperator(app.t, AdminRole.Operator);
    r = await aReceiver(500);
    r.body = longBody;
    hookId = (await aWebhook(app, r.url)).id;
    await anEarn(app);
    await dispatch(app);
    deliveryId = (await app.t.services.webhooks.deliveryLog(hookId, { limit: 1 }, AdminRole.Admin)).items[0]!.id;
  });

  after(async () => {
    await r.close();
    await app.t.close();
  });

  const log = async (token: string) =>
    (await app.t.http.get(`/api/admin/v1/webhooks/${hookId}/deliveries`).set(bearer(token)).expect(200)).body
      .items as WebhookDeliveryView[];
  const one = async (token: string) =>
    (await app.t.http.get(`/api/admin/v1/webhooks/${hookId}/deliveries/${deliveryId}`).set(bearer(token)).expect(200))
      .body as WebhookDeliveryView;

  it('stores the status code and at most a short excerpt of a long answer', async () => {
    const stored = await webhookDeliveryModel(app.t.mongo.connection).findById(deliveryId).lean();
    const attempt = stored!.attempts[0]!;
    expect(attempt.statusCode).to.equal(500);
    expect(attempt.responseExcerpt).to.equal(longBody.slice(0, EXCERPT_CHARS));
    expect(JSON.stringify(stored).length).to.be.below(10_000);
  });

  it('shows the excerpt to admins only: viewers and operators see the status code without it', async () => {
    expect((await log(app.admin.token))[0]!.attempts[0]).to.include({ statusCode: 500, responseExcerpt: longBody.slice(0, EXCERPT_CHARS) });
    expect((await one(app.admin.token)).attempts[0]!.responseExcerpt).to.equal(longBody.slice(0, EXCERPT_CHARS));
    for (const who of [viewer, operator]) {
      expect((await log(who.token))[0]!.attempts[0]).to.include({ statusCode: 500, responseExcerpt: null });
      expect((await one(who.token)).attempts[0]).to.include({ statusCode: 500, responseExcerpt: null });
    }
  });

  it('does not show an operator the excerpt in the answer to a replay, nor in the replayed answer', async () => {
    const replay = () =>
      app.t.http
        .post(`/api/admin/v1/webhooks/${hookId}/deliveries/${deliveryId}/replay`)
        .set(bearer(operator.token))
        .set('Idempotency-Key', 'operator-replay');
    const first = (await replay().expect(200)).body as WebhookDeliveryView;
    expect(first.attempts.map((a) => a.statusCode)).to.deep.equal([500, 500]);
    expect(first.attempts.map((a) => a.responseExcerpt)).to.deep.equal([null, null]);
    expect(JSON.stringify((await replay().expect(200)).body)).to.not.include('secret-looking');
    expect((await one(await freshToken(app))).attempts[1]!.responseExcerpt).to.equal(longBody.slice(0, EXCERPT_CHARS));
  });
});

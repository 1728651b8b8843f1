import { AdminRole, type WebhookView } from '@laurel/shared';
import { expect } from 'chai';
import { anOperator, bearer, type Operator } from '../../support/builders.js';
import { aReceiver, startWebhooksApp, type Receiver, type WebhooksApp } from './support.js';

describe('webhooks: subscriptions admin API', () => {
  let app: WebhooksApp;
  let viewer: Operator;
  let operator: Operator;
  let r: Receiver;

  before(async () => {
    app = await startWebhooksApp();
    viewer = await anOperator(app.t, AdminRole.Viewer);
    operator = await anOperator(app.t, AdminRole.Operator);
    r = await aReceiver();
  });

  after(async () => {
    await r.close();
    await app.t.close();
  });

  const post = (body: object, token = app.admin.token) => app.t.http.post('/api/admin/v1/webhooks').set(bearer(token)).send(body);

  it('creates a subscription and shows its signing secret only in the answer to the creation', async () => {
    const res = await post({ url: r.url, eventTypes: ['points.*', 'tier.changed'], description: 'CRM sync' }).expect(201);
    expect(res.body).to.include({ url: r.url, description: 'CRM sync', active: true });
    expect(res.body.secret).to.match(/^whsec_[A-Za-z0-9_-]{32}$/);
    const got = await app.t.http.get(`/api/admin/v1/webhooks/${res.body.id}`).set(bearer(viewer.token)).expect(200);
    expect(got.body).to.not.have.property('secret');
    expect(got.body.eventTypes).to.deep.equal(['points.*', 'tier.changed']);
    const list = await app.t.http.get('/api/admin/v1/webhooks').set(bearer(viewer.token)).expect(200);
    expect(JSON.stringify(list.body)).to.not.include(res.body.secret);
  });

  it('refuses bad input with 400 and the fields at fault, storing nothing', async () => {
    const before = await app.t.http.get('/api/admin/v1/webhooks?limit=100').set(bearer(app.admin.token)).expect(200);
    const cases: [object, string][] = [
      [{ url: 'ftp://example.com/hook', eventTypes: ['points.*'] }, 'url'],
      [{ url: 'javascript:alert(1)', eventTypes: ['points.*'] }, 'url'],
      [{ url: 'http://user:pass@example.com/hook', eventTypes: ['points.*'] }, 'url'],
      [{ url: 'not a url', eventTypes: ['points.*'] }, 'url'],
      [{ url: r.url, eventTypes: [] }, 'eventTypes'],
      [{ url: r.url, eventTypes: ['Points.Earned'] }, 'eventTypes'],
      [{ url: r.url, eventTypes: ['points.*.x'] }, 'eventTypes'],
      [{ url: r.url }, 'eventTypes'],
      [{ url: r.url, eventTypes: ['points.*'], secret: 'mine' }, 'secret'],
      [{ url: r.url, eventTypes: ['points.*'], active: 'yes' }, 'active'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body).expect(400);
      expect(res.body.error.code).to.equal('VALIDATION_FAILED');
      const fields = (res.body.error.details.fields as { field: string }[]).map((f) => f.field);
      expect(fields, JSON.stringify(body)).to.include(field);
    }
    const after = await app.t.http.get('/api/admin/v1/webhooks?limit=100').set(bearer(app.admin.token)).expect(200);
    expect(after.body.items).to.have.length(before.body.items.length);
  });

  it('lets viewers read but only admins create, change, rotate or delete subscriptions', async () => {
    await post({ url: r.url, eventTypes: ['*'] }, viewer.token).expect(403);
    await post({ url: r.url, eventTypes: ['*'] }, operator.token).expect(403);
    const created = await post({ url: r.url, eventTypes: ['*'] }).expect(201);
    const path = `/api/admin/v1/webhooks/${created.body.id}`;
    await app.t.http.get(path).set(bearer(viewer.token)).expect(200);
    await app.t.http.get(`${path}/deliveries`).set(bearer(viewer.token)).expect(200);
    await app.t.http.patch(path).set(bearer(operator.token)).send({ active: false }).expect(403);
    await app.t.http.post(`${path}/rotate-secret`).set(bearer(viewer.token)).expect(403);
    await app.t.http.delete(path).set(bearer(operator.token)).expect(403);
    await app.t.http.get('/api/admin/v1/webhooks').expect(401);
  });

  it('answers a repeated creation with the same Idempotency-Key with the first answer, creating one subscription', async () => {
    const body = { url: r.url, eventTypes: ['growth.*'], description: 'idempotent' };
    const first = await app.t.http
      .post('/api/admin/v1/webhooks')
      .set(bearer(app.admin.token))
      .set('Idempotency-Key', 'wh-1')
      .send(body)
      .expect(201);
    const again = await app.t.http
      .post('/api/admin/v1/webhooks')
      .set(bearer(app.admin.token))
      .set('Idempotency-Key', 'wh-1')
      .send(body)
      .expect(201);
    expect(again.body).to.deep.equal(first.body);
    const other = await app.t.http
      .post('/api/admin/v1/webhooks')
      .set(bearer(app.admin.token))
      .set('Idempotency-Key', 'wh-1')
      .send({ ...body, description: 'another' })
      .expect(409);
    expect(other.body.error.code).to.equal('IDEMPOTENCY_KEY_REUSED');
    const list = await app.t.http.get('/api/admin/v1/webhooks?limit=100').set(bearer(app.admin.token)).expect(200);
    expect((list.body.items as WebhookView[]).filter((w) => w.description === 'idempotent')).to.have.length(1);
  });

  it('changes, rotates and deletes a subscription, auditing each change without the secret', async () => {
    const created = await post({ url: r.url, eventTypes: ['points.earned'] }).expect(201);
    const id = created.body.id as string;
    const path = `/api/admin/v1/webhooks/${id}`;
    const changed = await app.t.http
      .patch(path)
      .set(bearer(app.admin.token))
      .send({ eventTypes: ['points.*'], active: false })
      .expect(200);
    expect(changed.body).to.include({ active: false });
    expect(changed.body.eventTypes).to.deep.equal(['points.*']);
    await app.t.http.patch(path).set(bearer(app.admin.token)).send({ url: 'gopher://x' }).expect(400);
    const rotated = await app.t.http.post(`${path}/rotate-secret`).set(bearer(app.admin.token)).expect(200);
    expect(rotated.body.secret)
      .to.match(/^whsec_/)
      .and.not.equal(created.body.secret);
    await app.t.http.delete(path).set(bearer(app.admin.token)).expect(204);
    await app.t.http.delete(path).set(bearer(app.admin.token)).expect(204);
    await app.t.http.get(path).set(bearer(app.admin.token)).expect(404);
    const list = await app.t.http.get('/api/admin/v1/webhooks?limit=100').set(bearer(app.admin.token)).expect(200);
    expect((list.body.items as WebhookView[]).map((w) => w.id)).to.not.include(id);

    const audit = await app.t.http.get(`/api/admin/v1/audit?targetType=webhook&targetId=${id}`).set(bearer(app.admin.token)).expect(200);
    const actions = (audit.body.items as { action: string }[]).map((e) => e.action).reverse();
    expect(actions).to.deep.equal(['webhook.create', 'webhook.update', 'webhook.rotate-secret', 'webhook.delete']);
    const text = JSON.stringify(audit.body);
    expect(text).to.not.include(created.body.secret);
    expect(text).to.not.include(rotated.body.secret);
  });

  it('answers 404 for unknown subscriptions and deliveries', async () => {
    await app.t.http.get('/api/admin/v1/webhooks/000000000000000000000000').set(bearer(app.admin.token)).expect(404);
    await app.t.http.get('/api/admin/v1/webhooks/nope').set(bearer(app.admin.token)).expect(404);
    const created = await post({ url: r.url, eventTypes: ['*'] }).expect(201);
    await app.t.http
      .get(`/api/admin/v1/webhooks/${created.body.id}/deliveries/000000000000000000000000`)
      .set(bearer(app.admin.token))
      .expect(404);
    await app.t.http
      .post(`/api/admin/v1/webhooks/${created.body.id}/deliveries/000000000000000000000000/replay`)
      .set(bearer(app.admin.token))
      .expect(404);
  });

  it('pages the delivery log by cursor, newest first, and filters it by status', async () => {
    const created = await post({ url: r.url, eventTypes: ['points.earned'] }).expect(201);
    const id = created.body.id as string;
    for (let i = 0; i < 5; i++) {
      await app.t.services.ledger.earn({
        memberId: `pager-${i}`,
        currency: 'points',
        amount: 1,
        key: `pager-${i}`,
        source: { type: 'event', id: 'x' },
      });
    }
    await app.t.services.outbox.relay();
    await app.t.services.webhookDispatcher.run();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await app.t.http
        .get(`/api/admin/v1/webhooks/${id}/deliveries?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(viewer.token))
        .expect(200);
      seen.push(...(res.body.items as { id: string }[]).map((d) => d.id));
      cursor = res.body.nextCursor as string | null;
    } while (cursor);
    expect(seen).to.have.length(5);
    expect([...seen].sort().reverse()).to.deep.equal(seen);
    const delivered = await app.t.http
      .get(`/api/admin/v1/webhooks/${id}/deliveries?status=delivered`)
      .set(bearer(viewer.token))
      .expect(200);
    expect(delivered.body.items).to.have.length(5);
    const one = await app.t.http.get(`/api/admin/v1/webhooks/${id}/deliveries/${seen[0]}`).set(bearer(viewer.token)).expect(200);
    expect(one.body.payload.type).to.equal('points.earned');
    await app.t.http.get(`/api/admin/v1/webhooks/${id}/deliveries?status=lost`).set(bearer(viewer.token)).expect(400);
  });
});

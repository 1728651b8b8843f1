import { isIP } from 'node:net';
import type { HostResolver, ResolvedAddress } from '@laurel/server/modules/webhooks/egress.js';
import { expect } from 'chai';
import { bearer, errorOf } from '../../support/builders.js';
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

const PUBLIC = '93.184.215.14';

/**
 * A DNS of the test's own: each name gives its answers in turn, the last one from then on; any other
 * name does not resolve. `asked` lists every lookup.
 */
function aFakeDns(initial: Record<string, string[]>) {
  const answers = new Map(Object.entries(initial).map(([name, addresses]) => [name, [addresses]]));
  const asked: string[] = [];
  const unreachable = new Set<string>();
  const resolve: HostResolver = (hostname) => {
    asked.push(hostname);
    if (unreachable.has(hostname))
      return Promise.reject(Object.assign(new Error(`getaddrinfo EAI_AGAIN ${hostname}`), { code: 'EAI_AGAIN' }));
    const turns = answers.get(hostname);
    const addresses = turns && turns.length > 1 ? turns.shift() : turns?.[0];
    if (!addresses) return Promise.reject(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }));
    return Promise.resolve(addresses.map((address): ResolvedAddress => ({ address, family: isIP(address) === 6 ? 6 : 4 })));
  };
  return {
    resolve,
    asked,
    answer(hostname: string, ...addresses: string[]): void {
      answers.set(hostname, [addresses]);
    },
    answerInTurn(hostname: string, ...turns: string[][]): void {
      answers.set(hostname, turns);
    },
    /** The resolver cannot be asked about `hostname` (a temporary failure) until `answer` is called. */
    fail(hostname: string): void {
      unreachable.add(hostname);
    },
    recover(hostname: string): void {
      unreachable.delete(hostname);
    },
  };
}

function expectUrlRefused(res: { status: number; body: unknown }, what: string): string[] {
  expect(res.status, `${what}: ${JSON.stringify(res.body)}`).to.equal(400);
  const error = errorOf(res.body);
  expect(error.code).to.equal('VALIDATION_FAILED');
  const fields = error.details.fields as { field: string; reasons: string[] }[];
  const url = fields.find((f) => f.field === 'url');
  expect(url, what).to.not.equal(undefined);
  return url!.reasons;
}

describe('webhooks: no egress to private addresses (WEBHOOK_ALLOW_PRIVATE=false)', () => {
  let app: WebhooksApp;
  const dns = aFakeDns({
    'hooks.example.com': [PUBLIC],
    'intranet.example.com': ['10.0.0.5'],
    'metadata.example.com': ['169.254.169.254'],
    'mixed.example.com': [PUBLIC, '127.0.0.1'],
    'mapped.example.com': ['::ffff:192.168.0.1'],
    'nat64-private.example.com': ['64:ff9b::a00:1'],
    'nat64-public.example.com': ['64:ff9b::5db8:d70e'],
    'v6.example.com': ['2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    localhost: ['127.0.0.1', '::1'],
  });
  const receivers: Receiver[] = [];

  before(async () => {
    app = await startWebhooksApp({ WEBHOOK_ALLOW_PRIVATE: 'false' }, dns.resolve);
  });

  after(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await app.t.close();
  });

  const create = async (url: string) =>
    app.t.http
      .post('/api/admin/v1/webhooks')
      .set(bearer(await freshToken(app)))
      .send({ url, eventTypes: ['points.*'] });

  it('refuses subscription URLs to loopback, private, link-local, shared and metadata addresses with 400 on url', async () => {
    const before = await app.t.services.webhooks.list({ limit: 100 });
    for (const url of [
      'http://127.0.0.1:8080/hook',
      'http://127.9.9.9/hook',
      'http://10.1.2.3/hook',
      'http://172.16.0.1/hook',
      'http://192.168.1.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://0.0.0.0:8080/hook',
      'http://[::1]:8080/hook',
      'http://[::ffff:127.0.0.1]/hook',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://[fe80::1]/hook',
      'https://localhost:8443/hook',
      'http://intranet.example.com/hook',
      'http://metadata.example.com/hook',
      'http://mixed.example.com/hook',
      'http://mapped.example.com/hook',
      'http://nat64-private.example.com/hook',
    ]) {
      const reasons = expectUrlRefused(await create(url), url);
      expect(reasons.join(' '), url).to.match(/not a public address|link-local or cloud metadata address/);
    }
    expect((await app.t.services.webhooks.list({ limit: 100 })).items).to.have.length(before.items.length);
  });

  it('refuses a URL whose host name does not resolve, since its address cannot be checked', async () => {
    const reasons = expectUrlRefused(await create('http://nowhere.example.com/hook'), 'unresolvable');
    expect(reasons.join(' ')).to.include('could not be resolved');
  });

  it('answers 503 while the resolver cannot be asked, and the same Idempotency-Key succeeds once it answers', async () => {
    dns.fail('flaky.example.com');
    const token = await freshToken(app);
    const send = () =>
      app.t.http
        .post('/api/admin/v1/webhooks')
        .set(bearer(token))
        .set('Idempotency-Key', 'flaky-dns-1')
        .send({ url: 'https://flaky.example.com/hook', eventTypes: ['points.*'] });
    const refused = await send();
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    expect(errorOf(refused.body).code).to.equal('SERVICE_UNAVAILABLE');
    dns.recover('flaky.example.com');
    dns.answer('flaky.example.com', PUBLIC);
    const created = await send();
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    expect((await send()).body).to.deep.equal(created.body);
  });

  it('accepts URLs whose host resolves only to public addresses', async () => {
    for (const url of [
      'https://hooks.example.com/laurel',
      `http://${PUBLIC}/hook`,
      'http://v6.example.com/hook',
      'http://nat64-public.example.com/hook',
      'http://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/hook',
    ]) {
      const res = await create(url);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).to.equal(201);
    }
  });

  it('refuses changing a subscription URL to a private address and keeps the one it had', async () => {
    const hook = await aWebhook(app, 'https://hooks.example.com/change-me');
    const patch = async (url: string) =>
      app.t.http
        .patch(`/api/admin/v1/webhooks/${hook.id}`)
        .set(bearer(await freshToken(app)))
        .send({ url });
    for (const url of ['http://127.0.0.1/hook', 'http://[::1]/hook', 'http://169.254.169.254/', 'http://intranet.example.com/']) {
      expectUrlRefused(await patch(url), url);
    }
    expect((await app.t.services.webhooks.get(hook.id)).url).to.equal('https://hooks.example.com/change-me');
    const moved = await patch('https://hooks.example.com/moved');
    expect(moved.status, JSON.stringify(moved.body)).to.equal(200);
  });

  it('refuses a delivery whose host resolves to a private address when it is sent (DNS rebinding): nothing is sent, the reason is recorded', async () => {
    const r = await aReceiver();
    receivers.push(r);
    const port = new URL(r.url).port;
    dns.answer('rebind.example.com', PUBLIC);
    const hook = await aWebhook(app, `http://rebind.example.com:${port}/hooks/laurel`);
    // After the subscription was checked, the name now points at the receiver on loopback.
    dns.answer('rebind.example.com', '127.0.0.1');
    await anEarn(app);
    await dispatch(app);

    expect(r.received).to.have.length(0);
    const [delivery] = await deliveriesOf(app, hook.id);
    expect(delivery).to.include({ status: 'pending', attemptCount: 1 });
    expect(delivery!.attempts[0]).to.include({ statusCode: null, responseExcerpt: null });
    expect(delivery!.attempts[0]!.error).to.equal(
      'refused: rebind.example.com resolves to 127.0.0.1, which is not a public address (WEBHOOK_ALLOW_PRIVATE is off)',
    );

    // A replay is checked the same way.
    const replay = await app.t.http
      .post(`/api/admin/v1/webhooks/${hook.id}/deliveries/${delivery!.id}/replay`)
      .set(bearer(await freshToken(app)))
      .set('Idempotency-Key', 'replay-rebound')
      .expect(200);
    expect(replay.body.attempts[1].error).to.match(/^refused: /);
    expect(r.received).to.have.length(0);
    await app.t.http
      .delete(`/api/admin/v1/webhooks/${hook.id}`)
      .set(bearer(await freshToken(app)))
      .expect(204);
  });
});

describe('webhooks: egress to private addresses allowed (WEBHOOK_ALLOW_PRIVATE=true)', () => {
  let app: WebhooksApp;
  let r: Receiver;
  const dns = aFakeDns({});

  before(async () => {
    app = await startWebhooksApp({ WEBHOOK_ALLOW_PRIVATE: 'true' }, dns.resolve);
    r = await aReceiver();
  });

  after(async () => {
    await r.close();
    await app.t.close();
  });

  const create = async (url: string) =>
    app.t.http
      .post('/api/admin/v1/webhooks')
      .set(bearer(await freshToken(app)))
      .send({ url, eventTypes: ['growth.*'] });

  it('accepts loopback and private subscription URLs', async () => {
    dns.answer('intranet.example.com', '10.0.0.5');
    for (const url of [r.url, 'http://10.1.2.3/hook', 'http://[::1]:8080/hook', 'http://intranet.example.com/hook']) {
      const res = await create(url);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).to.equal(201);
    }
  });

  it('still refuses link-local and cloud metadata addresses, where no receiver lives', async () => {
    dns.answer('metadata.example.com', '169.254.169.254');
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://169.254.170.2/v2/credentials',
      'http://100.100.100.200/latest/meta-data/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://[fe80::1]/hook',
      'http://metadata.example.com/',
    ]) {
      expect(expectUrlRefused(await create(url), url).join(' '), url).to.include('link-local or cloud metadata address');
    }
  });

  it('connects to the address it resolved for the attempt, resolving the name once per attempt', async () => {
    const port = new URL(r.url).port;
    // Answers in turn: the subscription's check, the attempt, then an address where nothing listens.
    dns.answerInTurn('receiver.internal', ['127.0.0.1'], ['127.0.0.1'], ['127.0.0.2']);
    const hook = await aWebhook(app, `http://receiver.internal:${port}/hooks/laurel`);
    await anEarn(app);
    await dispatch(app);

    const [delivery] = await deliveriesOf(app, hook.id);
    expect(delivery, JSON.stringify(delivery?.attempts)).to.include({ status: 'delivered', attemptCount: 1 });
    expect(dns.asked.filter((name) => name === 'receiver.internal')).to.have.length(2);
    expect(r.received).to.have.length(1);
    expect(r.received[0]!.headers.host).to.equal(`receiver.internal:${port}`);
  });
});

describe('webhooks: the system resolver', () => {
  let app: WebhooksApp;

  before(async () => {
    app = await startWebhooksApp({ WEBHOOK_ALLOW_PRIVATE: 'false' });
  });

  after(async () => {
    await app.t.close();
  });

  it('refuses localhost, which resolves to loopback', async () => {
    const res = await app.t.http
      .post('/api/admin/v1/webhooks')
      .set(bearer(app.admin.token))
      .send({ url: 'http://localhost:8080/hook', eventTypes: ['points.*'] });
    expect(expectUrlRefused(res, 'localhost').join(' ')).to.match(
      /localhost resolves to (127\.0\.0\.1|::1), which is not a public address/,
    );
  });
});

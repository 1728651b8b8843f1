import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AdminRole, ApiScope, type WebhookDeliveryView, type WebhookWithSecretView } from '@laurel/shared';
import { expect } from 'chai';
import type { HostResolver } from '@laurel/server/modules/webhooks/egress.js';
import { anApiKey, anOperator, bearer, type Operator } from '../../support/builders.js';
import { startTestApp, type TestApp } from '../../support/harness.js';

export interface Received {
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent: what the signature covers. */
  body: string;
}

/** A real HTTP receiver on 127.0.0.1 that records every request and answers with `status` (changeable). */
export interface Receiver {
  url: string;
  received: Received[];
  status: number;
  /** When true the receiver never answers (to test timeouts). */
  hang: boolean;
  /** The answer's body; by default `answer <status>`. */
  body: string | null;
  close(): Promise<void>;
}

export async function aReceiver(status = 200): Promise<Receiver> {
  const received: Received[] = [];
  const state: { status: number; hang: boolean; body: string | null } = { status, hang: false, body: null };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (state.hang) return;
      res.writeHead(state.status, { 'Content-Type': 'text/plain' }).end(state.body ?? `answer ${state.status}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/laurel`,
    received,
    get status() {
      return state.status;
    },
    set status(value: number) {
      state.status = value;
    },
    get hang() {
      return state.hang;
    },
    set hang(value: boolean) {
      state.hang = value;
    },
    get body() {
      return state.body;
    },
    set body(value: string | null) {
      state.body = value;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface WebhooksApp {
  t: TestApp;
  admin: Operator;
  apiKey: string;
}

/**
 * The receivers of these tests listen on 127.0.0.1, which Laurel refuses unless WEBHOOK_ALLOW_PRIVATE is true;
 * tests of that refusal set it to false. `resolveHost` replaces DNS for the webhooks' host names.
 */
export async function startWebhooksApp(env: Record<string, string> = {}, resolveHost?: HostResolver): Promise<WebhooksApp> {
  const t = await startTestApp({ env: { RATE_LIMIT_API_KEY_MAX: '1000000', WEBHOOK_ALLOW_PRIVATE: 'true', ...env }, resolveHost });
  t.clock.set('2026-06-01T02:00:00.000Z');
  return { t, admin: await anOperator(t, AdminRole.Admin), apiKey: await anApiKey(t, [ApiScope.EventsWrite]) };
}

export async function aWebhook(app: WebhooksApp, url: string, eventTypes: string[] = ['points.*']): Promise<WebhookWithSecretView> {
  const res = await app.t.http
    .post('/api/admin/v1/webhooks')
    .set(bearer(await freshToken(app)))
    .send({ url, eventTypes });
  expect(res.status, JSON.stringify(res.body)).to.equal(201);
  return res.body as WebhookWithSecretView;
}

/** What the scheduler would do: relay the outbox, then dispatch. */
export async function dispatch(app: WebhooksApp): Promise<void> {
  const relay = await app.t.services.scheduler.runJob('outbox.relay');
  const run = await app.t.services.scheduler.runJob('webhooks.dispatch');
  expect(relay.outcome, relay.error ?? '').to.equal('success');
  expect(run.outcome, run.error ?? '').to.equal('success');
}

/** The delivery log through the service: tests move the clock past any operator token's lifetime. */
export async function deliveriesOf(app: WebhooksApp, webhookId: string): Promise<WebhookDeliveryView[]> {
  return (await app.t.services.webhooks.deliveryLog(webhookId, { limit: 100 }, AdminRole.Admin)).items;
}

/** Logs the admin in again at the current clock time (tokens live an hour of clock time). */
export async function freshToken(app: WebhooksApp): Promise<string> {
  const res = await app.t.http.post('/api/admin/v1/auth/login').send({ email: app.admin.email, password: app.admin.password }).expect(200);
  return (res.body as { token: string }).token;
}

let n = 0;
/** Earns points for a fresh member through the ledger; returns the member id. */
export async function anEarn(app: WebhooksApp, amount = 10): Promise<string> {
  n += 1;
  const memberId = `member-${n}-${Date.now().toString(36)}`;
  await app.t.services.ledger.earn({ memberId, currency: 'points', amount, key: `earn-${n}`, source: { type: 'event', id: `e-${n}` } });
  return memberId;
}

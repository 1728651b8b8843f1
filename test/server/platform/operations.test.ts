import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { anOperator, bearer } from '../../support/builders.js';

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<string, { responses?: Record<string, unknown>; security?: unknown[]; parameters?: Array<{ name: string; in: string }> }>
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }>; securitySchemes: Record<string, unknown> };
}

describe('operational endpoints', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
    await t.services.scheduler.start();
  });

  after(async () => {
    await t.close();
  });

  it('answers /healthz with 200 while the process is up', async () => {
    const res = await t.http.get('/healthz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz with 200 and a check per dependency when database and scheduler are up', async () => {
    const res = await t.http.get('/readyz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ready', checks: { database: 'up', scheduler: 'up', redis: 'up' } });
  });

  it('serves /metrics as Prometheus text with request counts by route and status', async () => {
    const admin = await anOperator(t, AdminRole.Admin);
    await t.http.get('/api/admin/v1/users').set(bearer(admin.token)).expect(200);
    await t.http.get('/api/admin/v1/users').expect(401);
    await t.http.get('/not/a/route').expect(404);

    const res = await t.http.get('/metrics').expect(200);

    expect(res.headers['content-type']).to.match(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    expect(text).to.include('# TYPE laurel_http_requests_total counter');
    expect(text).to.match(/laurel_http_requests_total\{method="GET",route="\/api\/admin\/v1\/users",status="200"\} 1\n/);
    expect(text).to.match(/laurel_http_requests_total\{method="GET",route="\/api\/admin\/v1\/users",status="401"\} 1\n/);
    // Unknown paths share one label value, so scanning cannot blow up the label cardinality.
    expect(text).to.match(/laurel_http_requests_total\{method="GET",route="unmatched",status="404"\} \d+\n/);
    expect(text).not.to.include('/not/a/route');
    expect(text).to.include('# TYPE laurel_http_request_duration_seconds histogram');
    expect(text).to.include('# TYPE laurel_job_runs_total counter');
  });

  it('counts job runs in /metrics', async () => {
    await t.services.scheduler.runJob('idempotency.cleanup');
    const res = await t.http.get('/metrics').expect(200);
    expect(res.text).to.match(/laurel_job_runs_total\{job="idempotency.cleanup",outcome="success"\} \d+\n/);
  });

  describe('the OpenAPI document', () => {
    let doc: OpenApiDocument;

    before(async () => {
      const res = await t.http.get('/api/openapi.json').expect(200);
      expect(res.headers['content-type']).to.match(/^application\/json/);
      doc = res.body as OpenApiDocument;
    });

    it('is OpenAPI 3.1', () => {
      expect(doc.openapi).to.match(/^3\.1\./);
      expect(doc.info.title).to.be.a('string').with.length.greaterThan(0);
    });

    it('documents the admin, service and member paths with parameters in OpenAPI syntax', () => {
      expect(doc.paths).to.include.keys(
        '/api/admin/v1/auth/login',
        '/api/admin/v1/auth/me',
        '/api/admin/v1/users',
        '/api/admin/v1/users/{id}',
        '/api/admin/v1/api-keys',
        '/api/admin/v1/api-keys/{id}/revoke',
        '/api/admin/v1/audit',
        '/api/admin/v1/members',
        '/api/admin/v1/jobs',
        '/api/admin/v1/jobs/{name}/run',
        '/api/admin/v1/system',
        '/api/v1/me/profile',
        '/api/v1/members/{externalId}',
      );
      expect(Object.keys(doc.paths).filter((p) => p.includes(':'))).to.deep.equal([]);
      expect(doc.paths['/api/admin/v1/users']).to.have.all.keys('get', 'post');
      expect(doc.paths['/api/admin/v1/users/{id}']?.patch?.parameters).to.deep.include({
        name: 'id',
        in: 'path',
        required: true,
        schema: { type: 'string' },
      });
    });

    it('holds the request DTOs as schemas, CreateApiKeyDto among them', () => {
      expect(doc.components.schemas).to.include.keys('CreateApiKeyDto', 'CreateAdminUserDto', 'LoginDto', 'Error');
      expect(doc.components.schemas.CreateApiKeyDto?.properties).to.have.all.keys('name', 'scopes');
      expect(doc.paths['/api/admin/v1/api-keys']?.post).to.have.nested.property(
        'requestBody.content.application/json.schema.$ref',
        '#/components/schemas/CreateApiKeyDto',
      );
    });

    it('gives every operation of every path its responses, including the error body', () => {
      for (const [path, operations] of Object.entries(doc.paths)) {
        for (const [method, operation] of Object.entries(operations)) {
          const responses = operation.responses ?? {};
          expect(Object.keys(responses), `${method} ${path}`).to.have.length.greaterThan(0);
          expect(
            Object.keys(responses).some((status) => /^2\d\d$/.test(status)),
            `${method} ${path} success`,
          ).to.equal(true);
          expect(responses, `${method} ${path}`).to.include.keys('4XX', '5XX');
        }
      }
    });

    it('documents list query parameters and the Idempotency-Key header', () => {
      const listParams = doc.paths['/api/admin/v1/users']?.get?.parameters?.map((p) => `${p.in}:${p.name}`);
      expect(listParams).to.include.members(['query:limit', 'query:cursor']);
      const memberParams = doc.paths['/api/admin/v1/members']?.get?.parameters?.map((p) => `${p.in}:${p.name}`);
      expect(memberParams).to.include.members(['query:limit', 'query:cursor', 'query:externalId']);
      const createParams = doc.paths['/api/admin/v1/api-keys']?.post?.parameters?.map((p) => `${p.in}:${p.name}`);
      expect(createParams).to.include('header:Idempotency-Key');
    });

    it('names the security of each route kind', () => {
      expect(doc.paths['/api/v1/me/profile']?.get?.security).to.deep.equal([{ memberJwt: [] }]);
      expect(doc.paths['/api/v1/members/{externalId}']?.get?.security).to.deep.equal([{ apiKey: ['members:read'] }]);
      expect(doc.paths['/api/admin/v1/auth/login']?.post?.security).to.deep.equal([]);
      expect(doc.components.securitySchemes).to.have.all.keys('memberJwt', 'apiKey', 'adminToken');
    });
  });
});

describe('readiness with the scheduler enabled but not started', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
  });

  after(async () => {
    await t.close();
  });

  it('answers /readyz 503 naming the scheduler as down', async () => {
    const res = await t.http.get('/readyz').expect(503);
    expect(res.body).to.deep.equal({ status: 'not ready', checks: { database: 'up', scheduler: 'down', redis: 'up' } });
  });
});

describe('readiness with the scheduler disabled by configuration', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ env: { SCHEDULER_ENABLED: 'false' } });
  });

  after(async () => {
    await t.close();
  });

  it('answers /readyz 200 with the scheduler reported as disabled', async () => {
    const res = await t.http.get('/readyz').expect(200);
    expect(res.body).to.deep.equal({ status: 'ready', checks: { database: 'up', scheduler: 'disabled', redis: 'up' } });
  });
});

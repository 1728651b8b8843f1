import { AdminRole, type BenefitPackageView, type BenefitView } from '@laurel/shared';
import { expect } from 'chai';
import { anOperator, bearer, errorOf, listAll, type Operator } from '../../support/builders.js';
import { aBenefit, aCode, aMember, aPackage, entitlementOf, startBenefitsApp, type BenefitsApp } from './support.js';

interface AuditEntry {
  action: string;
  before: unknown;
  after: unknown;
}

describe('benefits: the admin API', function () {
  this.timeout(120_000);
  let app: BenefitsApp;
  let viewer: Operator;

  before(async () => {
    app = await startBenefitsApp();
    viewer = await anOperator(app.t, AdminRole.Viewer);
  });
  after(() => app.close());

  const op = () => bearer(app.operator.token);
  const auditOf = (type: string, code: string) =>
    listAll<AuditEntry>(app.t, `/api/admin/v1/audit?targetType=${type}&targetId=${code}`, viewer.token);

  it('creates, reads, lists, changes under a version and archives a benefit, each change audited', async () => {
    const benefit = await aBenefit(app, { type: 'discount', name: 'Member price', value: { percent: 95 }, icon: 'tag', description: 'd' });
    expect(benefit).to.deep.include({
      type: 'discount',
      name: 'Member price',
      icon: 'tag',
      description: 'd',
      value: { percent: 95 },
      status: 'active',
      version: 1,
    });
    expect((await app.t.http.get(`/api/admin/v1/benefits/${benefit.code}`).set(bearer(viewer.token)).expect(200)).body).to.deep.equal(
      benefit,
    );
    expect((await listAll<BenefitView>(app.t, '/api/admin/v1/benefits?type=discount', viewer.token)).map((b) => b.code)).to.include(
      benefit.code,
    );

    const changed = await app.t.http
      .patch(`/api/admin/v1/benefits/${benefit.code}`)
      .set(op())
      .send({ version: 1, value: { percent: 92 } })
      .expect(200);
    expect(changed.body).to.deep.include({ version: 2, value: { percent: 92 } });
    const stale = await app.t.http.patch(`/api/admin/v1/benefits/${benefit.code}`).set(op()).send({ version: 1, name: 'x' });
    expect(stale.status).to.equal(409);
    const archived = await app.t.http.post(`/api/admin/v1/benefits/${benefit.code}/archive`).set(op()).expect(200);
    expect(archived.body).to.deep.include({ status: 'archived', version: 3 });
    await app.t.http.post(`/api/admin/v1/benefits/${benefit.code}/archive`).set(op()).expect(200);
    expect(errorOf((await app.t.http.patch(`/api/admin/v1/benefits/${benefit.code}`).set(op()).send({ name: 'x' })).body).code).to.equal(
      'BENEFIT_ARCHIVED',
    );

    const audit = await auditOf('benefit', benefit.code);
    expect(audit.map((e) => e.action)).to.deep.equal(['benefit.archive', 'benefit.update', 'benefit.create']);
    expect(audit[1]).to.deep.include({ before: benefit, after: changed.body });
  });

  it('refuses values that do not fit the type, duplicate codes and unknown fields', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'discount', value: { percent: 120 } }, 'value.percent'],
      [{ type: 'points_multiplier', value: { percent: 90 } }, 'value.percent'],
      [{ type: 'free_shipping', value: { percent: 90 } }, 'value.percent'],
      [
        {
          type: 'birthday_gift',
          value: {
            rewards: [
              { type: 'points', amount: 1 },
              { type: 'points', amount: 2 },
            ],
          },
        },
        'value.rewards',
      ],
      [{ type: 'custom', value: { data: { big: 'x'.repeat(5000) } } }, 'value.data'],
    ];
    for (const [fields, field] of cases) {
      const res = await app.t.http
        .post('/api/admin/v1/benefits')
        .set(op())
        .send({ code: aCode('bad'), name: 'bad', ...fields });
      expect(res.status, JSON.stringify(fields)).to.equal(400);
      expect(
        (errorOf(res.body).details.fields as { field: string }[]).map((f) => f.field),
        JSON.stringify(fields),
      ).to.include(field);
    }
    const benefit = await aBenefit(app);
    expect(
      (await app.t.http.post('/api/admin/v1/benefits').set(op()).send({ code: benefit.code, type: 'custom', name: 'again' })).status,
    ).to.equal(409);
    expect(
      (
        await app.t.http
          .post('/api/admin/v1/benefits')
          .set(op())
          .send({ code: aCode('b'), type: 'custom', name: 'x', owner: 1 })
      ).status,
    ).to.equal(400);
    expect(
      (await app.t.http.post('/api/admin/v1/benefits').set(op()).send({ code: 'Bad Code', type: 'custom', name: 'x' })).status,
    ).to.equal(400);
  });

  it('creates and changes packages checked against their benefits, audited; an archived package leaves the entitlements', async () => {
    const discount = await aBenefit(app, { type: 'discount', name: 'Member price' });
    const gift = await aBenefit(app, { type: 'birthday_gift', name: 'Birthday', value: { rewards: [{ type: 'points', amount: 10 }] } });
    const bad = async (items: Record<string, unknown>[], field: string) => {
      const res = await app.t.http
        .post('/api/admin/v1/benefit-packages')
        .set(op())
        .send({ code: aCode('p'), name: 'p', source: { type: 'tier', code: 'gold' }, items });
      expect(res.status, JSON.stringify(items)).to.equal(400);
      expect(
        (errorOf(res.body).details.fields as { field: string }[]).map((f) => f.field),
        JSON.stringify(items),
      ).to.include(field);
    };
    await bad([{ benefitCode: discount.code, quota: { period: 'unlimited' } }], 'items.0.value.percent');
    await bad([{ benefitCode: 'nope', quota: { period: 'unlimited' } }], 'items.0.benefitCode');
    await bad([{ benefitCode: discount.code, quota: { period: 'month' }, value: { percent: 90 } }], 'items.0.quota.count');
    await bad([{ benefitCode: discount.code, quota: { period: 'unlimited', count: 3 }, value: { percent: 90 } }], 'items.0.quota.count');
    await bad([{ benefitCode: gift.code, quota: { period: 'month', count: 1 } }], 'items.0.quota');
    const multiplier = await aBenefit(app, { type: 'points_multiplier', name: 'Points', value: { percent: 150 } });
    await bad([{ benefitCode: multiplier.code, quota: { period: 'month', count: 3 } }], 'items.0.quota.period');

    const pkg = await aPackage(app, 'gold', [{ benefitCode: discount.code, quota: { period: 'unlimited' }, value: { percent: 95 } }]);
    expect(pkg.items).to.deep.equal([
      { benefitCode: discount.code, quota: { period: 'unlimited', count: null }, value: { percent: 95 }, stacking: 'best' },
    ]);
    const member = await aMember(app, 'gold');
    expect((await entitlementOf(app, member, discount.code))!.value).to.deep.equal({ percent: 95 });

    const changed = await app.t.http
      .patch(`/api/admin/v1/benefit-packages/${pkg.code}`)
      .set(op())
      .send({ version: 1, items: [{ benefitCode: discount.code, quota: { period: 'unlimited' }, value: { percent: 90 } }] })
      .expect(200);
    expect((changed.body as BenefitPackageView).version).to.equal(2);
    expect((await entitlementOf(app, member, discount.code))!.value).to.deep.equal({ percent: 90 });
    // The package relies on its own value, so the benefit's default may stay empty.
    await app.t.http.patch(`/api/admin/v1/benefits/${discount.code}`).set(op()).send({ name: 'Gold price' }).expect(200);

    await app.t.http.post(`/api/admin/v1/benefit-packages/${pkg.code}/archive`).set(op()).expect(200);
    expect(await entitlementOf(app, member, discount.code)).to.equal(undefined);
    expect((await auditOf('benefit-package', pkg.code)).map((e) => e.action)).to.deep.equal([
      'benefit-package.archive',
      'benefit-package.update',
      'benefit-package.create',
    ]);
  });

  it('lets viewers read and only operators write', async () => {
    expect(
      (await app.t.http.post('/api/admin/v1/benefits').set(bearer(viewer.token)).send({ code: 'x', type: 'custom', name: 'x' })).status,
    ).to.equal(403);
    expect((await app.t.http.get('/api/admin/v1/benefit-packages').set(bearer(viewer.token))).status).to.equal(200);
    expect((await app.t.http.get('/api/admin/v1/benefits')).status).to.equal(401);
    expect((await app.t.http.get('/api/admin/v1/members/0123456789abcdef01234567/benefits').set(bearer(viewer.token))).status).to.equal(
      404,
    );
    expect((await app.t.http.get('/api/admin/v1/members/not-an-id/benefits').set(bearer(viewer.token))).status).to.equal(404);
    const member = await aMember(app);
    expect(
      (await app.t.http.post(`/api/v1/members/${member.externalId}/benefits/x/use`).set(member.auth()).send({ key: 'k' })).status,
    ).to.equal(401);
  });
});

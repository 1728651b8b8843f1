import type { BenefitUseView } from '@laurel/shared';
import { expect } from 'chai';
import {
  aBenefit,
  aMember,
  aPackage,
  entitlementOf,
  pointsOf,
  release,
  runJob,
  setClock,
  startBenefitsApp,
  use,
  type BenefitsApp,
} from './support.js';

/** Fails the work between two of its steps, once, as a process dying there would. */
class Crash {
  private at: string | null = null;
  fired = false;
  readonly hook = (point: string): void => {
    if (point !== this.at) return;
    this.at = null;
    this.fired = true;
    throw new Error(`injected crash at ${point}`);
  };
  arm(point: string): void {
    this.at = point;
    this.fired = false;
  }
}

describe('benefits: crashes between steps are finished or undone', function () {
  this.timeout(180_000);
  const crash = new Crash();
  let app: BenefitsApp;
  let clock = Date.parse('2026-06-10T02:00:00.000Z');

  before(async () => {
    app = await startBenefitsApp({ faults: crash.hook });
  });
  after(() => app.close());

  /** Past the resume grace (2 minutes), then the resume job. */
  const resumeLater = async () => {
    clock += 180_000;
    await setClock(app, new Date(clock).toISOString());
    return runJob(app, 'benefits.resume');
  };

  async function aQuota(count = 2) {
    const benefit = await aBenefit(app);
    await aPackage(app, 'gold', [{ benefitCode: benefit.code, quota: { period: 'month', count } }]);
    return { benefit, member: await aMember(app, 'gold') };
  }

  const usedOf = async (member: Awaited<ReturnType<typeof aMember>>, code: string) =>
    (await entitlementOf(app, member, code))!.pools[0]!.used;

  it('cancels a use that crashed after it was recorded, before it took quota', async () => {
    const { benefit, member } = await aQuota();
    crash.arm('use:recorded');
    expect((await use(app, app.t.http, member, benefit.code, { key: 'k1' })).status).to.equal(500);
    expect(crash.fired).to.equal(true);
    expect(await resumeLater()).to.deep.include({ cancelled: 1, used: 0 });
    expect(await usedOf(member, benefit.code)).to.equal(0);
    const again = await use(app, app.t.http, member, benefit.code, { key: 'k1' }).expect(200);
    expect((again.body as BenefitUseView).state).to.equal('used');
    expect(await usedOf(member, benefit.code)).to.equal(1);
  });

  it('finishes a use by its retry after a crash at any step, taking the quota once', async () => {
    for (const point of ['use:recorded', 'use:taken']) {
      const { benefit, member } = await aQuota();
      crash.arm(point);
      expect((await use(app, app.t.http, member, benefit.code, { orderId: 'o-1' })).status).to.equal(500);
      const retried = await use(app, app.t.http, member, benefit.code, { orderId: 'o-1' }).expect(200);
      expect(retried.body, point).to.deep.include({ state: 'used', remaining: 1 });
      expect(await usedOf(member, benefit.code), point).to.equal(1);
    }
  });

  it('marks used a use that crashed after taking quota, by the resume job', async () => {
    const { benefit, member } = await aQuota();
    crash.arm('use:taken');
    expect((await use(app, app.t.http, member, benefit.code, { key: 'k2' })).status).to.equal(500);
    expect(await resumeLater()).to.deep.include({ used: 1 });
    expect(await usedOf(member, benefit.code)).to.equal(1);
    expect((await use(app, app.t.http, member, benefit.code, { key: 'k2' }).expect(200)).body).to.deep.include({ state: 'used' });
    expect(await usedOf(member, benefit.code)).to.equal(1);
  });

  it('finishes a release after a crash at each step, by the resume job or a retry, giving back once', async () => {
    for (const [point, finish] of [
      ['release:marked', 'resume'],
      ['release:given-back', 'resume'],
      ['release:marked', 'retry'],
      ['release:given-back', 'retry'],
    ] as const) {
      const { benefit, member } = await aQuota();
      await use(app, app.t.http, member, benefit.code, { key: 'a' }).expect(200);
      await use(app, app.t.http, member, benefit.code, { key: 'b' }).expect(200);
      crash.arm(point);
      expect((await release(app, app.t.http, member, benefit.code, { key: 'a' })).status).to.equal(500);
      if (finish === 'resume') expect(await resumeLater()).to.deep.include({ released: 1 });
      const final = await release(app, app.t.http, member, benefit.code, { key: 'a' }).expect(200);
      expect(final.body, `${point} ${finish}`).to.deep.include({ state: 'released' });
      expect(await usedOf(member, benefit.code), `${point} ${finish}`).to.equal(1);
    }
  });

  it('finishes a birthday gift after a crash at each step, granting its points once', async () => {
    const gift = await aBenefit(app, { type: 'birthday_gift', name: 'Birthday', value: { rewards: [{ type: 'points', amount: 50 }] } });
    await aPackage(app, 'gold', [{ benefitCode: gift.code, quota: { period: 'year', count: 1 } }]);
    for (const point of ['issue:recorded', 'issue:delivered']) {
      const member = await aMember(app, 'gold');
      const today = new Date(clock).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
      await app.t.http
        .patch(`/api/v1/members/${member.externalId}/profile`)
        .set({ Authorization: `Bearer ${app.checkout}` })
        .send({ birthday: `1990-${today.slice(5)}` })
        .expect(200);
      crash.arm(point);
      expect(await runJob(app, 'benefits.birthday-gifts'), point).to.deep.include({ deferred: 1, failed: 0 });
      expect(await pointsOf(app, member), point).to.equal(point === 'issue:recorded' ? 0 : 50);
      await runJob(app, 'benefits.birthday-gifts');
      expect(await resumeLater(), point).to.deep.include({ issued: 1 });
      await runJob(app, 'benefits.birthday-gifts');
      expect(await pointsOf(app, member), point).to.equal(50);
      const issued = await app.t.mongo.connection.collection('benefit_issues').findOne({ memberId: member.id });
      expect(issued, point).to.deep.include({ state: 'issued' });
    }
  });
});

import { ApiScope, type MemberProfileView } from '@laurel/shared';
import { expect } from 'chai';
import { anApiKey, bearer, errorOf } from '../../support/builders.js';
import { aBenefit, aMember, aPackage, pointsOf, runJob, setClock, startBenefitsApp, type BenefitsApp, type Member } from './support.js';

describe('benefits: member birthdays and birthday gifts', function () {
  this.timeout(180_000);
  let app: BenefitsApp;
  let gift: string;

  before(async () => {
    app = await startBenefitsApp({ start: '2027-02-01T02:00:00.000Z' });
    const benefit = await aBenefit(app, {
      type: 'birthday_gift',
      name: 'Birthday',
      value: { rewards: [{ type: 'points', amount: 100 }], daysBefore: 3 },
    });
    gift = benefit.code;
    await aPackage(app, 'gold', [{ benefitCode: gift, quota: { period: 'year', count: 1 } }]);
    await aPackage(app, 'platinum', [
      { benefitCode: gift, quota: { period: 'year', count: 1 }, value: { rewards: [{ type: 'points', amount: 300 }], daysBefore: 3 } },
    ]);
  });
  after(() => app.close());

  const setBirthday = (member: Member, birthday: string | null) =>
    app.t.http.patch(`/api/v1/members/${member.externalId}/profile`).set(bearer(app.checkout)).send({ birthday });

  it('sets profile fields through the service API, validated, and keeps the birthday’s month and day', async () => {
    const member = await aMember(app);
    const res = await app.t.http
      .patch(`/api/v1/members/${member.externalId}/profile`)
      .set(bearer(app.checkout))
      .send({ name: 'Li Lei', phone: '+86 138 0000 0000', email: 'li@example.com', birthday: '1990-05-17' })
      .expect(200);
    expect((res.body as MemberProfileView).profile).to.deep.equal({
      name: 'Li Lei',
      phone: '+86 138 0000 0000',
      email: 'li@example.com',
      birthday: '1990-05-17',
    });
    const stored = await app.t.mongo.connection.collection('members').findOne({ externalId: member.externalId });
    expect(stored).to.deep.include({ birthMonthDay: '05-17' });

    for (const birthday of ['1990-02-30', '17-05-1990', '2999-01-01']) {
      const bad = await setBirthday(member, birthday);
      expect(bad.status, birthday).to.equal(400);
      expect(errorOf(bad.body).details.fields).to.be.an('array');
    }
    expect(
      (await app.t.http.patch(`/api/v1/members/${member.externalId}/profile`).set(bearer(app.checkout)).send({ age: 3 })).status,
    ).to.equal(400);
    const readOnly = await anApiKey(app.t, [ApiScope.MembersRead]);
    expect(
      (await app.t.http.patch(`/api/v1/members/${member.externalId}/profile`).set(bearer(readOnly)).send({ name: 'x' })).status,
    ).to.equal(403);
    expect((await app.t.http.patch('/api/v1/members/nobody-here/profile').set(bearer(app.checkout)).send({ name: 'x' })).status).to.equal(
      404,
    );

    await setBirthday(member, null).expect(200);
    const cleared = await app.t.mongo.connection.collection('members').findOne({ externalId: member.externalId });
    expect(cleared).to.deep.include({ birthMonthDay: null });
    expect(cleared!.profile).to.not.have.property('birthday');
  });

  it('gives a gift days ahead of the birthday, once per year however often the job runs, at the tier’s value', async () => {
    const gold = await aMember(app, 'gold');
    const platinum = await aMember(app, 'platinum');
    const none = await aMember(app);
    for (const m of [gold, platinum, none]) await setBirthday(m, '1990-03-10').expect(200);

    await setClock(app, '2027-03-06T02:00:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, gold)).to.equal(0);

    await setClock(app, '2027-03-07T00:30:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, gold)).to.equal(100);
    expect(await pointsOf(app, platinum)).to.equal(300);
    expect(await pointsOf(app, none)).to.equal(0);

    await setClock(app, '2027-03-10T09:00:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, gold)).to.equal(100);

    await setClock(app, '2028-03-07T09:00:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, gold)).to.equal(200);
    const issues = await app.t.mongo.connection.collection('benefit_issues').find({ memberId: gold.id }).toArray();
    expect(issues.map((i) => [i._id, i.state])).to.deep.equal([
      [`${gift}:${gold.id}:2027`, 'issued'],
      [`${gift}:${gold.id}:2028`, 'issued'],
    ]);
  });

  it('still gives the gift once when the job runs late (days after it was due)', async () => {
    const member = await aMember(app, 'gold');
    await setBirthday(member, '1985-04-20').expect(200);
    await setClock(app, '2027-04-21T09:00:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, member)).to.equal(100);
  });

  it('celebrates a Feb 29 birthday on Feb 28 in a common year, and on Feb 29 in a leap year', async () => {
    const member = await aMember(app, 'gold');
    await setBirthday(member, '2000-02-29').expect(200);
    // 2027 is a common year: Feb 28 minus 3 days.
    await setClock(app, '2027-02-24T09:00:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, member)).to.equal(0);
    await setClock(app, '2027-02-25T09:00:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, member)).to.equal(100);
    // 2028 is a leap year: Feb 29 minus 3 days.
    await setClock(app, '2028-02-25T09:00:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, member)).to.equal(100);
    await setClock(app, '2028-02-26T09:00:00.000+08:00');
    await runJob(app, 'benefits.birthday-gifts');
    await runJob(app, 'benefits.birthday-gifts');
    expect(await pointsOf(app, member)).to.equal(200);
  });
});

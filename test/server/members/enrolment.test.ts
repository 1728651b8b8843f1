import { AdminRole, ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { aMemberToken, anApiKey, anOperator, bearer, errorOf, nowSeconds, type Operator } from '../../support/builders.js';

interface MemberBody {
  id: string;
  externalId: string;
  createdAt: string;
  profile: Record<string, unknown>;
  tags: string[];
}

describe('member enrolment on first call', () => {
  let t: TestApp;
  let viewer: Operator;

  before(async () => {
    t = await startTestApp();
    viewer = await anOperator(t, AdminRole.Viewer);
  });

  after(async () => {
    await t.close();
  });

  const tokenFor = (externalId: string): string => aMemberToken(externalId, { nowSeconds: nowSeconds(t) });
  const membersWith = async (externalId: string): Promise<MemberBody[]> => {
    const res = await t.http
      .get(`/api/admin/v1/members?externalId=${encodeURIComponent(externalId)}`)
      .set(bearer(viewer.token))
      .expect(200);
    return (res.body as { items: MemberBody[] }).items;
  };

  it('enrols an unknown member on the first call and answers their profile', async () => {
    const externalId = uniqueName('new-member');
    expect(await membersWith(externalId)).to.have.length(0);

    const res = await t.http
      .get('/api/v1/me/profile')
      .set(bearer(tokenFor(externalId)))
      .expect(200);

    const member = res.body as MemberBody;
    expect(member.externalId).to.equal(externalId);
    expect(member.createdAt).to.equal(t.clock.now().toISOString());
    expect(member.tags).to.deep.equal([]);
    expect(await membersWith(externalId)).to.have.length(1);
  });

  it('answers the same member on later calls', async () => {
    const externalId = uniqueName('returning');
    const first = await t.http
      .get('/api/v1/me/profile')
      .set(bearer(tokenFor(externalId)))
      .expect(200);
    const second = await t.http
      .get('/api/v1/me/profile')
      .set(bearer(tokenFor(externalId)))
      .expect(200);
    expect(second.body).to.deep.equal(first.body);
    expect(await membersWith(externalId)).to.have.length(1);
  });

  it('enrols a member once under 20 concurrent first calls', async () => {
    const externalId = uniqueName('rush');
    const token = tokenFor(externalId);

    const answers = await Promise.all(Array.from({ length: 20 }, () => t.http.get('/api/v1/me/profile').set(bearer(token))));

    for (const answer of answers) expect(answer.status).to.equal(200);
    expect(new Set(answers.map((a) => (a.body as MemberBody).id)).size).to.equal(1);
    expect(await membersWith(externalId)).to.have.length(1);
  });

  it('shows each member only their own profile', async () => {
    const alice = await t.http
      .get('/api/v1/me/profile')
      .set(bearer(tokenFor(uniqueName('alice'))))
      .expect(200);
    const bob = await t.http
      .get('/api/v1/me/profile')
      .set(bearer(tokenFor(uniqueName('bob'))))
      .expect(200);
    expect((alice.body as MemberBody).id).not.to.equal((bob.body as MemberBody).id);
  });

  it('lets a service key with members:read look a member up by external id', async () => {
    const externalId = uniqueName('looked-up');
    const enrolled = await t.http
      .get('/api/v1/me/profile')
      .set(bearer(tokenFor(externalId)))
      .expect(200);
    const key = await anApiKey(t, [ApiScope.MembersRead]);

    const res = await t.http.get(`/api/v1/members/${externalId}`).set(bearer(key)).expect(200);

    expect(res.body).to.deep.equal(enrolled.body);
  });

  it('answers 404 NOT_FOUND to a service lookup of an unknown member without enrolling it', async () => {
    const externalId = uniqueName('never-seen');
    const key = await anApiKey(t, [ApiScope.MembersRead]);
    const res = await t.http.get(`/api/v1/members/${externalId}`).set(bearer(key));
    expect(res.status).to.equal(404);
    expect(errorOf(res.body).code).to.equal('NOT_FOUND');
    expect(await membersWith(externalId)).to.have.length(0);
  });
});

import { AdminRole } from '@laurel/shared';
import { expect } from 'chai';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { anOperator, bearer, type Operator } from '../../support/builders.js';

interface Page {
  items: Array<{ id: string; email: string }>;
  nextCursor: string | null;
}

describe('cursor pagination of operators', () => {
  let t: TestApp;
  let admin: Operator;

  before(async () => {
    t = await startTestApp();
    admin = await anOperator(t, AdminRole.Admin);
    for (let i = 0; i < 25; i++) await createOperator();
  });

  after(async () => {
    await t.close();
  });

  async function createOperator(): Promise<string> {
    const user = await t.services.adminUsers.create(
      { email: `${uniqueName('op')}@example.com`, name: 'Paged operator', password: 'a long enough password', role: AdminRole.Viewer },
      { type: 'system', id: 'test', label: 'test' },
    );
    return user.id;
  }

  const page = async (limit: number, cursor?: string | null): Promise<Page> =>
    (
      await t.http
        .get(`/api/admin/v1/users?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
        .set(bearer(admin.token))
        .expect(200)
    ).body as Page;

  async function walk(limit: number): Promise<Page[]> {
    const pages = [await page(limit)];
    while (pages.at(-1)?.nextCursor) pages.push(await page(limit, pages.at(-1)?.nextCursor));
    return pages;
  }

  it('walks 26 operators in pages of 10, 10 and 6 without duplicates or gaps, ending with a null cursor', async () => {
    const stored = await t.mongo.connection
      .collection('admin_users')
      .find({}, { projection: { _id: 1 } })
      .toArray();

    const pages = await walk(10);

    expect(pages.map((p) => p.items.length)).to.deep.equal([10, 10, 6]);
    expect(pages.map((p) => p.nextCursor === null)).to.deep.equal([false, false, true]);
    const ids = pages.flatMap((p) => p.items.map((u) => u.id));
    expect(new Set(ids).size).to.equal(26);
    expect([...ids].sort()).to.deep.equal(stored.map((d) => d._id.toHexString()).sort());
  });

  it('lists newest first', async () => {
    const ids = (await walk(100)).flatMap((p) => p.items.map((u) => u.id));
    expect(ids).to.deep.equal([...ids].sort().reverse());
    expect(ids.at(-1)).to.equal(admin.id);
  });

  it('defaults to 20 items per page', async () => {
    const res = await t.http.get('/api/admin/v1/users').set(bearer(admin.token)).expect(200);
    expect((res.body as Page).items).to.have.length(20);
  });

  it('ends without an empty page when the total is a multiple of the limit', async () => {
    let total = (await walk(100)).flatMap((p) => p.items).length;
    if (total % 2 === 1) {
      await createOperator();
      total += 1;
    }
    const pages = await walk(total / 2);
    expect(pages.map((p) => p.items.length)).to.deep.equal([total / 2, total / 2]);
    expect(pages[1]?.nextCursor).to.equal(null);
  });

  it('does not shift later pages when an operator is inserted between page fetches', async () => {
    const baseline = await walk(10);

    const first = await page(10);
    const inserted = await createOperator();
    const second = await page(10, first.nextCursor);
    const third = await page(10, second.nextCursor);

    expect(first).to.deep.equal(baseline[0]);
    expect(second).to.deep.equal(baseline[1]);
    expect(third).to.deep.equal(baseline[2]);
    const seen = [first, second, third].flatMap((p) => p.items.map((u) => u.id));
    expect(seen).not.to.include(inserted);
    // The newcomer shows up at the top of a fresh walk.
    expect((await page(10)).items[0]?.id).to.equal(inserted);
  });
});

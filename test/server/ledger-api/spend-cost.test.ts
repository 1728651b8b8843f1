import { ApiScope } from '@laurel/shared';
import { expect } from 'chai';
import { memberModel } from '@laurel/server/modules/members/model.js';
import { MemberService } from '@laurel/server/modules/members/service.js';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';
import { anApiKey } from '../../support/builders.js';
import { aMember, earn, servicePost } from './support.js';

describe('service API: database commands per spend', () => {
  let t: TestApp;
  let writer: string;
  let counted: string[] | null = null;

  before(async () => {
    t = await startTestApp({ onCommand: (name) => counted?.push(name) });
    writer = await anApiKey(t, [ApiScope.MembersWrite]);
    // The API key's first use reads it from the database; later uses within its cache time do not.
    await servicePost(t, writer, `/api/v1/members/${uniqueName('warm')}/points/spend`, { amount: 1, reason: 'cost' });
  });

  after(async () => {
    await t.close();
  });

  async function commandsOfSpend(externalId: string): Promise<string[]> {
    counted = [];
    const res = await servicePost(t, writer, `/api/v1/members/${externalId}/points/spend`, { amount: 1, reason: 'cost' });
    const commands = counted;
    counted = null;
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return commands;
  }

  it('spends for a known member in 5 commands: the idempotency record (insert, update) and the ledger 3; no member lookup', async () => {
    const externalId = uniqueName('known');
    await earn(t, await aMember(t, externalId), 100);
    expect(await commandsOfSpend(externalId)).to.deep.equal(['insert', 'find', 'insert', 'update', 'update']);
  });

  it('looks a member enrolled by another process up once, then remembers them', async () => {
    const externalId = uniqueName('elsewhere');
    const otherProcess = new MemberService(memberModel(t.mongo.connection), t.clock);
    await earn(t, (await otherProcess.ensure(externalId)).id, 100);
    expect(await commandsOfSpend(externalId)).to.deep.equal(['insert', 'find', 'find', 'insert', 'update', 'update']);
    expect(await commandsOfSpend(externalId)).to.deep.equal(['insert', 'find', 'insert', 'update', 'update']);
  });

  it('still answers 404 for an unknown member and enrols nobody', async () => {
    const externalId = uniqueName('unknown');
    const res = await servicePost(t, writer, `/api/v1/members/${externalId}/points/spend`, { amount: 1, reason: 'cost' });
    expect(res.status).to.equal(404);
    expect(await t.mongo.connection.collection('members').countDocuments({ externalId })).to.equal(0);
  });
});

import { AdminRole, type AuditEntryView, type CheckInProgramView } from '@laurel/shared';
import { expect } from 'chai';
import { anOperator, bearer, errorOf, listAll } from '../../support/builders.js';
import { aMember, aProgram, checkIn, setProgram, startCheckInApp, type CheckInApp } from './support.js';

describe('check-ins: the program', () => {
  let app: CheckInApp;

  before(async () => {
    app = await startCheckInApp();
  });

  after(async () => {
    await app.t.close();
  });

  const put = (body: Record<string, unknown>, token = app.operator.token) =>
    app.t.http.put('/api/admin/v1/check-in-program').set(bearer(token)).send(body);

  const fieldsOf = (body: unknown) => (errorOf(body).details.fields as { field: string; reasons: string[] }[]).map((f) => f.field);

  it('answers the closed defaults, version 0, before it is configured, and refuses check-ins with CHECK_IN_CLOSED', async () => {
    const viewer = await anOperator(app.t, AdminRole.Viewer);
    const program = (await app.t.http.get('/api/admin/v1/check-in-program').set(bearer(viewer.token)).expect(200))
      .body as CheckInProgramView;
    expect(program).to.deep.equal({
      active: false,
      cycleDays: 7,
      dayRewards: [],
      milestones: [],
      afterCycle: 'restart',
      dayStart: '00:00',
      makeUp: { windowDays: 0, perMonth: 0, costPoints: 0, payDayReward: true },
      timeZone: 'Asia/Shanghai',
      activatedOn: null,
      version: 0,
      updatedAt: null,
    });
    const member = await aMember(app);
    const res = await checkIn(app, member).expect(422);
    expect(errorOf(res.body).code).to.equal('CHECK_IN_CLOSED');
  });

  it('rejects what the fields allow one by one but not together, with a field error each, and stores nothing', async () => {
    const res = await put(
      aProgram({
        cycleDays: 3,
        dayRewards: [
          { day: 1, rewards: [{ type: 'points', amount: 5 }] },
          { day: 1, rewards: [{ type: 'growth', amount: 5 }] },
          { day: 4, rewards: [{ type: 'points', amount: 5 }] },
          {
            day: 2,
            rewards: [
              { type: 'points', amount: 5 },
              { type: 'points', amount: 6 },
            ],
          },
        ],
        milestones: [
          { kind: 'streak', days: 7, rewards: [{ type: 'points', amount: 100 }] },
          { kind: 'streak', days: 7, rewards: [{ type: 'growth', amount: 1 }] },
          { kind: 'monthly_total', days: 32, rewards: [{ type: 'points', amount: 100 }] },
        ],
      }),
    ).expect(400);
    expect(errorOf(res.body).code).to.equal('VALIDATION_FAILED');
    expect(fieldsOf(res.body)).to.have.members([
      'dayRewards[1].day',
      'dayRewards[2].day',
      'dayRewards[3].rewards',
      'milestones[1]',
      'milestones[2].days',
    ]);
    const program = (await app.t.http.get('/api/admin/v1/check-in-program').set(bearer(app.operator.token)).expect(200))
      .body as CheckInProgramView;
    expect(program.version).to.equal(0);
  });

  it('rejects a malformed program field by field (DTO validation)', async () => {
    const res = await put(
      aProgram({ cycleDays: 0, afterCycle: 'loop', dayStart: '24:00', makeUp: { windowDays: -1, perMonth: 0, costPoints: 0 } }),
    ).expect(400);
    expect(fieldsOf(res.body)).to.include.members(['cycleDays', 'afterCycle', 'dayStart', 'makeUp.windowDays']);
  });

  it('is changed by operators only, audited with before and after, and versioned (a stale version is 409)', async () => {
    const viewer = await anOperator(app.t, AdminRole.Viewer);
    expect(errorOf((await put(aProgram(), viewer.token).expect(403)).body).code).to.equal('FORBIDDEN');

    const first = await setProgram(app, { dayStart: '04:00' });
    expect(first).to.deep.include({ version: 1, active: true, dayStart: '04:00', activatedOn: '2026-06-01' });
    const second = await setProgram(app, { version: 1, cycleDays: 5, dayRewards: [{ day: 5, rewards: [{ type: 'growth', amount: 3 }] }] });
    expect(second).to.deep.include({ version: 2, cycleDays: 5, activatedOn: '2026-06-01' });
    expect(second.makeUp.payDayReward).to.equal(true);

    const stale = await put(aProgram({ version: 1 })).expect(409);
    expect(errorOf(stale.body).code).to.equal('CONFLICT');

    const audit = await listAll<AuditEntryView>(app.t, '/api/admin/v1/audit?targetType=check-in-program', (await anOperator(app.t)).token);
    const updates = audit.filter((e) => e.action === 'check-in-program.update');
    expect(updates).to.have.length(2);
    const latest = updates[0]!;
    expect(latest.actor).to.deep.include({ type: 'admin', id: app.operator.id });
    expect((latest.before as CheckInProgramView).version).to.equal(1);
    expect((latest.after as CheckInProgramView).cycleDays).to.equal(5);
    expect(updates[1]!.before).to.equal(null);
  });
});

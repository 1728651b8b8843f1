import type { TaskView } from '@laurel/shared';
import { expect } from 'chai';
import { bearer, errorOf, listAll } from '../../support/builders.js';
import { aTask, startTasksApp, type TasksApp } from './support.js';

interface AuditEntry {
  actor: { type: string; id: string; label: string };
  action: string;
  before: unknown;
  after: unknown;
}

const TASKS = '/api/admin/v1/tasks';

describe('tasks: the admin API', function () {
  this.timeout(120_000);
  let app: TasksApp;

  before(async () => {
    app = await startTasksApp();
  });
  after(() => app.t.close());

  const operator = () => bearer(app.operator.token);
  const auditOf = (id: string) => listAll<AuditEntry>(app.t, `/api/admin/v1/audit?targetType=task&targetId=${id}`, app.viewer.token);
  const taskCount = async () => (await listAll<TaskView>(app.t, TASKS, app.viewer.token)).length;

  it('creates a task with its defaults, audited', async () => {
    const task = await aTask(app, { name: 'first order', kind: 'once', description: 'newbie' });

    expect(task).to.deep.include({
      name: 'first order',
      description: 'newbie',
      kind: 'once',
      trigger: { eventType: 'order.paid', conditions: {}, measure: 'count', attribute: null },
      target: 1,
      rewards: [{ type: 'points', amount: 10 }],
      milestones: [],
      claimMode: 'auto',
      claimWindowDays: 7,
      clawbackOnRefund: true,
      weekStart: 1,
      audience: { tiers: [] },
      prerequisiteTaskId: null,
      startsAt: null,
      endsAt: null,
      completionLimit: null,
      displayOrder: 0,
      status: 'active',
      counts: { completed: 0, claimed: 0, expired: 0, revoked: 0 },
      version: 1,
    });
    const audit = await auditOf(task.id);
    expect(audit).to.have.length(1);
    expect(audit[0]).to.deep.include({ action: 'task.create', before: null, after: task });
    expect(audit[0]!.actor).to.deep.equal({ type: 'admin', id: app.operator.id, label: app.operator.email });
    expect((await app.t.http.get(`${TASKS}/${task.id}`).set(bearer(app.viewer.token)).expect(200)).body).to.deep.equal(task);
  });

  it('defaults clawbackOnRefund to false for tasks not driven by orders, and sums the order amount by default', async () => {
    const custom = await aTask(app, { trigger: { eventType: 'review.posted', measure: 'count' } });
    const sum = await aTask(app, { trigger: { eventType: 'order.paid', measure: 'sum' }, target: 10_000 });
    expect(custom.clawbackOnRefund).to.equal(false);
    expect(sum.trigger.attribute).to.equal('amount');
  });

  it('lists tasks newest first, by status and kind, a page at a time', async () => {
    const weekly = await aTask(app, { kind: 'weekly' });
    const paused = await aTask(app, { kind: 'weekly', active: false });
    const res = await app.t.http.get(`${TASKS}?kind=weekly&limit=1`).set(bearer(app.viewer.token)).expect(200);
    expect(res.body.items.map((t: TaskView) => t.id)).to.deep.equal([paused.id]);
    const next = await app.t.http
      .get(`${TASKS}?kind=weekly&limit=1&cursor=${res.body.nextCursor}`)
      .set(bearer(app.viewer.token))
      .expect(200);
    expect(next.body.items.map((t: TaskView) => t.id)).to.deep.equal([weekly.id]);
    const pausedOnly = await listAll<TaskView>(app.t, `${TASKS}?status=paused`, app.viewer.token);
    expect(pausedOnly.map((t) => t.id)).to.include(paused.id);
    expect(pausedOnly.every((t) => t.status === 'paused')).to.equal(true);
  });

  it('changes a task under its version, audited with before and after; a stale version is a 409', async () => {
    const task = await aTask(app);
    const changed = await app.t.http
      .patch(`${TASKS}/${task.id}`)
      .set(operator())
      .send({ version: 1, name: 'renamed', milestones: undefined, rewards: [{ type: 'growth', amount: 3 }] })
      .expect(200);
    expect(changed.body).to.include({ name: 'renamed', version: 2 });
    expect(changed.body.rewards).to.deep.equal([{ type: 'growth', amount: 3 }]);

    const stale = await app.t.http.patch(`${TASKS}/${task.id}`).set(operator()).send({ version: 1, name: 'again' });
    expect(stale.status).to.equal(409);
    expect(errorOf(stale.body).code).to.equal('CONFLICT');
    const [update] = await auditOf(task.id);
    expect(update).to.deep.include({ action: 'task.update', before: task, after: changed.body });
  });

  it('removes a start and an end given as null, keeps them when left out, and changes a limit but never adds or removes one', async () => {
    const task = await aTask(app, { startsAt: '2027-03-01T00:00:00.000Z', endsAt: '2027-04-01T00:00:00.000Z', completionLimit: 3 });
    const renamed = await app.t.http.patch(`${TASKS}/${task.id}`).set(operator()).send({ name: 'kept' }).expect(200);
    expect(renamed.body).to.include({ startsAt: '2027-03-01T00:00:00.000Z', endsAt: '2027-04-01T00:00:00.000Z', completionLimit: 3 });
    const cleared = await app.t.http
      .patch(`${TASKS}/${task.id}`)
      .set(operator())
      .send({ startsAt: null, endsAt: null, completionLimit: 5 })
      .expect(200);
    expect(cleared.body).to.include({ startsAt: null, endsAt: null, completionLimit: 5 });

    const removed = await app.t.http.patch(`${TASKS}/${task.id}`).set(operator()).send({ completionLimit: null }).expect(400);
    expect(errorOf(removed.body).details.fields).to.deep.equal([
      {
        field: 'completionLimit',
        reasons: ['a completion limit is set when the task is created: it can be changed, not added or removed'],
      },
    ]);
    const unlimited = await aTask(app);
    const added = await app.t.http.patch(`${TASKS}/${unlimited.id}`).set(operator()).send({ completionLimit: 2 }).expect(400);
    expect(errorOf(added.body).code).to.equal('VALIDATION_FAILED');
    await app.t.http.patch(`${TASKS}/${unlimited.id}`).set(operator()).send({ completionLimit: null, name: 'still unlimited' }).expect(200);
    expect((await app.t.http.get(`${TASKS}/${task.id}`).set(operator()).expect(200)).body).to.include({ completionLimit: 5, version: 3 });
  });

  it('pauses, resumes and archives; twice changes nothing; an archived task is frozen', async () => {
    const task = await aTask(app);
    const path = `${TASKS}/${task.id}`;
    expect((await app.t.http.post(`${path}/pause`).set(operator()).expect(200)).body).to.include({ status: 'paused', version: 2 });
    expect((await app.t.http.post(`${path}/pause`).set(operator()).expect(200)).body).to.include({ status: 'paused', version: 2 });
    expect((await app.t.http.post(`${path}/resume`).set(operator()).expect(200)).body).to.include({ status: 'active', version: 3 });
    expect((await app.t.http.post(`${path}/archive`).set(operator()).expect(200)).body).to.include({ status: 'archived', version: 4 });
    expect((await app.t.http.post(`${path}/archive`).set(operator()).expect(200)).body).to.include({ status: 'archived', version: 4 });
    for (const [method, suffix, body] of [
      ['post', '/resume', {}],
      ['post', '/pause', {}],
      ['patch', '', { name: 'no' }],
    ] as const) {
      const res = await app.t.http[method](`${path}${suffix}`).set(operator()).send(body);
      expect(res.status).to.equal(409);
      expect(errorOf(res.body).code).to.equal('TASK_ARCHIVED');
    }
    expect((await auditOf(task.id)).map((e) => e.action)).to.deep.equal(['task.archive', 'task.resume', 'task.pause', 'task.create']);
  });

  it('lets viewers read and only operators write', async () => {
    const task = await aTask(app);
    const denied = await app.t.http.post(TASKS).set(bearer(app.viewer.token)).send({ name: 'x' });
    expect(denied.status).to.equal(403);
    expect((await app.t.http.post(`${TASKS}/${task.id}/pause`).set(bearer(app.viewer.token))).status).to.equal(403);
    expect((await app.t.http.get(TASKS)).status).to.equal(401);
  });

  it('answers 404 for unknown tasks', async () => {
    for (const id of ['0123456789abcdef01234567', 'nope']) {
      const res = await app.t.http.get(`${TASKS}/${id}`).set(bearer(app.viewer.token));
      expect(res.status).to.equal(404);
      expect(errorOf(res.body).code).to.equal('NOT_FOUND');
    }
  });

  describe('refuses what does not fit, naming the fields, and stores nothing', () => {
    const base = {
      name: 'bad',
      kind: 'daily',
      trigger: { eventType: 'order.paid', measure: 'count' },
      target: 1,
      rewards: [{ type: 'points', amount: 1 }],
    };
    const cases: { name: string; body: Record<string, unknown>; fields: string[] }[] = [
      { name: 'a milestones task with a target', body: { ...base, kind: 'milestones' }, fields: ['milestones', 'target', 'rewards'] },
      {
        name: 'milestones not ascending',
        body: {
          ...base,
          kind: 'milestones',
          target: undefined,
          rewards: undefined,
          milestones: [
            { target: 5, rewards: [{ type: 'points', amount: 1 }] },
            { target: 5, rewards: [{ type: 'points', amount: 2 }] },
          ],
        },
        fields: ['milestones'],
      },
      {
        name: 'milestones on a daily task',
        body: { ...base, milestones: [{ target: 1, rewards: [{ type: 'points', amount: 1 }] }] },
        fields: ['milestones'],
      },
      { name: 'no target', body: { ...base, target: undefined }, fields: ['target'] },
      { name: 'no rewards', body: { ...base, rewards: [] }, fields: ['rewards'] },
      {
        name: 'two rewards of a type',
        body: {
          ...base,
          rewards: [
            { type: 'points', amount: 1 },
            { type: 'points', amount: 2 },
          ],
        },
        fields: ['rewards'],
      },
      { name: 'a window without its end', body: { ...base, kind: 'window', startsAt: '2026-06-01T00:00:00Z' }, fields: ['endsAt'] },
      {
        name: 'an end before the start',
        body: { ...base, startsAt: '2026-06-02T00:00:00Z', endsAt: '2026-06-01T00:00:00Z' },
        fields: ['endsAt'],
      },
      { name: 'a week start on a daily task', body: { ...base, weekStart: 7 }, fields: ['weekStart'] },
      {
        name: 'an attribute on a count',
        body: { ...base, trigger: { eventType: 'order.paid', measure: 'count', attribute: 'amount' } },
        fields: ['trigger.attribute'],
      },
      {
        name: 'a refund trigger',
        body: { ...base, trigger: { eventType: 'order.refunded', measure: 'count' } },
        fields: ['trigger.eventType'],
      },
      {
        name: 'summing a registration',
        body: { ...base, trigger: { eventType: 'member.registered', measure: 'sum' } },
        fields: ['trigger.attribute'],
      },
      {
        name: 'item conditions on a custom event',
        body: { ...base, trigger: { eventType: 'review.posted', measure: 'count', conditions: { skus: { include: ['A'] } } } },
        fields: ['trigger.conditions'],
      },
      {
        name: 'an unknown prerequisite',
        body: { ...base, prerequisiteTaskId: '0123456789abcdef01234567' },
        fields: ['prerequisiteTaskId'],
      },
    ];
    for (const c of cases) {
      it(c.name, async () => {
        const before = await taskCount();
        const res = await app.t.http.post(TASKS).set(operator()).send(c.body);
        expect(res.status, JSON.stringify(res.body)).to.equal(400);
        const error = errorOf(res.body);
        expect(error.code).to.equal('VALIDATION_FAILED');
        expect((error.details.fields as { field: string }[]).map((f) => f.field)).to.deep.equal(c.fields);
        expect(await taskCount()).to.equal(before);
      });
    }

    it('unknown fields and malformed values (the DTO)', async () => {
      const before = await taskCount();
      for (const body of [
        { ...base, extra: 1 },
        { ...base, kind: 'yearly' },
        { ...base, rewards: [{ type: 'coupon', amount: 1 }] },
        { ...base, target: 0 },
      ]) {
        const res = await app.t.http.post(TASKS).set(operator()).send(body);
        expect(res.status, JSON.stringify(body)).to.equal(400);
      }
      expect(await taskCount()).to.equal(before);
    });

    it('a task as its own prerequisite, or a cycle of prerequisites', async () => {
      const a = await aTask(app);
      const b = await aTask(app, { prerequisiteTaskId: a.id });
      for (const [id, prerequisite] of [
        [a.id, a.id],
        [a.id, b.id],
      ] as const) {
        const res = await app.t.http.patch(`${TASKS}/${id}`).set(operator()).send({ prerequisiteTaskId: prerequisite });
        expect(res.status).to.equal(400);
        expect((errorOf(res.body).details.fields as { field: string }[]).map((f) => f.field)).to.deep.equal(['prerequisiteTaskId']);
      }
      expect((await app.t.http.get(`${TASKS}/${a.id}`).set(bearer(app.viewer.token)).expect(200)).body).to.include({ version: 1 });
      const removed = await app.t.http.patch(`${TASKS}/${b.id}`).set(operator()).send({ prerequisiteTaskId: '' }).expect(200);
      expect(removed.body.prerequisiteTaskId).to.equal(null);
    });
  });
});

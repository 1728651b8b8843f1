import { BENCH_CONCURRENCY, BENCH_MEMBERS, BENCH_OPS, log, orderPaid, printFigures, round, runBench, runConcurrent } from './lib.js';
import { measureAgainstBaseline, startServedApp, type ServedApp } from './support/served.js';

// What tasks add to earning: POST /api/v1/events (order.paid, one per-amount earning rule) in three phases on one
// server — no tasks; 20 active tasks of which none matches the events; the same 20 of which 3 match (a daily count,
// a weekly sum and order milestones). Figures per phase: events/s, DB commands per event, CPU against a bare Express
// app sending the same commands, the engine's ceiling; and the DB commands tasks add per event: none matching
// (target 0) and per matching task (target at most 2). Prints one JSON line last.

const OTHER_TYPES = ['video.watched', 'article.shared', 'profile.completed', 'phone.bound', 'review.posted', 'app.opened'];
const points = (amount: number) => [{ type: 'points', amount }];

/** 17 tasks on other event types and 3 on order.paid that a condition keeps from matching (no event has a channel). */
function taskDefinitions(): Record<string, unknown>[] {
  const others = Array.from({ length: 17 }, (_, i) => ({
    name: `bench: other ${i}`,
    kind: i % 2 === 0 ? 'daily' : 'weekly',
    trigger: { eventType: OTHER_TYPES[i % OTHER_TYPES.length], measure: 'count' },
    target: 3,
    rewards: points(5),
  }));
  const kiosk = { channels: ['kiosk'] };
  const orders = [
    {
      name: 'bench: 5 orders today',
      kind: 'daily',
      trigger: { eventType: 'order.paid', measure: 'count', conditions: kiosk },
      target: 5,
      rewards: points(10),
    },
    {
      name: 'bench: spend ¥10,000 this week',
      kind: 'weekly',
      trigger: { eventType: 'order.paid', measure: 'sum', conditions: kiosk },
      target: 1_000_000,
      rewards: points(500),
    },
    {
      name: 'bench: order milestones',
      kind: 'milestones',
      trigger: { eventType: 'order.paid', measure: 'count', conditions: kiosk },
      milestones: [1, 3, 5, 10].map((target) => ({ target, rewards: points(target * 10) })),
    },
  ];
  return [...others, ...orders];
}

async function phase(app: ServedApp, label: string, first: number, service: Record<string, string>, members: string[]) {
  log(`${label}: ${BENCH_OPS} events, ${BENCH_CONCURRENCY} in flight, over ${members.length} members`);
  return measureAgainstBaseline(app, {
    label,
    ops: BENCH_OPS,
    request: (i) => ({
      method: 'POST',
      path: '/api/v1/events',
      headers: service,
      body: orderPaid(`evt-${first + i}`, members[i % members.length]!, 1_000 + (i % 50) * 100),
    }),
    check: (i, res) => {
      if (res.status !== 201) throw new Error(`${label} event ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    },
  });
}

async function main(): Promise<void> {
  const app = await startServedApp();
  try {
    const service = { authorization: `Bearer ${await app.serviceKey()}` };
    const admin = { authorization: `Bearer ${await app.operatorToken()}` };
    await app.perAmountRule();
    const members = Array.from({ length: BENCH_MEMBERS }, (_, i) => `bench-member-${i}`);
    log(`warm-up: one event for each of ${members.length} members`);
    await runConcurrent(members.length, BENCH_CONCURRENCY, async (i) => {
      const res = await app.http.request('POST', '/api/v1/events', { headers: service, body: orderPaid(`warm-${i}`, members[i]!, 10_000) });
      if (res.status !== 201) throw new Error(`warm-up event ${i}: ${res.status} ${JSON.stringify(res.body)}`);
    });

    const noTasks = await phase(app, 'no-tasks', 0, service, members);

    const created: { id: string; version: number; trigger: Record<string, unknown> }[] = [];
    for (const definition of taskDefinitions()) {
      const res = await app.http.request('POST', '/api/admin/v1/tasks', { headers: admin, body: definition });
      if (res.status !== 201) throw new Error(`task ${String(definition.name)}: ${res.status} ${JSON.stringify(res.body)}`);
      created.push(res.body as { id: string; version: number; trigger: Record<string, unknown> });
    }
    const noneMatch = await phase(app, 'tasks-none-match', BENCH_OPS, service, members);

    // The three order.paid tasks lose the condition that kept them from matching.
    for (const task of created.slice(-3)) {
      const trigger = { eventType: 'order.paid', measure: task.trigger.measure };
      const res = await app.http.request('PATCH', `/api/admin/v1/tasks/${task.id}`, {
        headers: admin,
        body: { version: task.version, trigger },
      });
      if (res.status !== 200) throw new Error(`task ${task.id}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    const threeMatch = await phase(app, 'tasks-3-match', 2 * BENCH_OPS, service, members);

    const commands = (figures: Record<string, unknown>) => figures.dbCommandsPerOp as number;
    printFigures({
      bench: 'tasks',
      engine: app.start.engine,
      poolSize: app.start.poolSize,
      members: members.length,
      activeTasks: created.length,
      eventsPerSecond: { noTasks: noTasks.opsPerSecond, noneMatch: noneMatch.opsPerSecond, threeMatch: threeMatch.opsPerSecond },
      dbCommandsPerEvent: { noTasks: commands(noTasks), noneMatch: commands(noneMatch), threeMatch: commands(threeMatch) },
      addedCommandsPerEventNoneMatching: round(commands(noneMatch) - commands(noTasks), 3),
      addedCommandsPerMatchingTask: round((commands(threeMatch) - commands(noTasks)) / 3, 3),
      phases: { noTasks, noneMatch, threeMatch },
      ...(await app.ledgerCheck()),
    });
  } finally {
    await app.close();
  }
}

runBench(main);

import type { CreateTaskDto } from '@laurel/shared';
import { parseEvent } from '@laurel/server/modules/events/parse.js';
import type { Services } from '@laurel/server/services.js';
import { demoMemberId } from './accounts.js';
import { DEMO_ACTOR, listAll, say } from './common.js';

// The demo shop's tasks: a newbie path, daily, weekly and monthly goals and order milestones. They are created before
// the history, so that the history's orders complete the first-order task and the milestones. Then a little activity
// on the members' first day (profile completed, phone bound, the app opened), so that the newbie path and the daily
// task show progress too.

const points = (amount: number) => ({ type: 'points' as const, amount });

export const DEMO_TASKS: CreateTaskDto[] = [
  {
    name: 'Complete your profile',
    description: 'Fill in your name, birthday and address',
    kind: 'once',
    trigger: { eventType: 'profile.completed', measure: 'count' },
    target: 1,
    rewards: [points(50)],
    displayOrder: 1,
  },
  {
    name: 'Bind your phone',
    kind: 'once',
    trigger: { eventType: 'phone.bound', measure: 'count' },
    target: 1,
    rewards: [points(50)],
    displayOrder: 2,
  },
  {
    name: 'Your first order',
    description: 'Claim within 7 days of your first order',
    kind: 'once',
    trigger: { eventType: 'order.paid', measure: 'count', conditions: { currencies: ['CNY'] } },
    target: 1,
    rewards: [points(200), { type: 'growth', amount: 10 }],
    claimMode: 'manual',
    claimWindowDays: 7,
    displayOrder: 3,
  },
  {
    name: 'Open the app today',
    kind: 'daily',
    trigger: { eventType: 'app.opened', measure: 'count' },
    target: 1,
    rewards: [points(5)],
    displayOrder: 10,
  },
  {
    name: 'Spend ¥100 today',
    kind: 'daily',
    trigger: { eventType: 'order.paid', measure: 'sum', conditions: { currencies: ['CNY'] } },
    target: 10_000,
    rewards: [points(30)],
    claimMode: 'manual',
    claimWindowDays: 3,
    displayOrder: 11,
  },
  {
    name: '3 orders this week',
    kind: 'weekly',
    trigger: { eventType: 'order.paid', measure: 'count', conditions: { currencies: ['CNY'] } },
    target: 3,
    rewards: [points(100)],
    displayOrder: 20,
  },
  {
    name: 'Review 2 products this month',
    kind: 'monthly',
    trigger: { eventType: 'review.posted', measure: 'count' },
    target: 2,
    rewards: [points(40)],
    displayOrder: 30,
  },
  {
    name: 'Order milestones',
    description: '1, 3, 5 and 10 orders',
    kind: 'milestones',
    trigger: { eventType: 'order.paid', measure: 'count', conditions: { currencies: ['CNY'] } },
    milestones: [
      { target: 1, rewards: [points(20)] },
      { target: 3, rewards: [points(50)] },
      { target: 5, rewards: [points(100)] },
      { target: 10, rewards: [points(300)] },
    ],
    displayOrder: 40,
  },
];

/** Creates each demo task that does not exist by name (an operator's archived demo task stays archived). */
export async function ensureTasks(services: Services): Promise<void> {
  const names = new Set((await listAll((page) => services.tasks.list(page))).map((task) => task.name));
  let created = 0;
  for (const task of DEMO_TASKS) {
    if (names.has(task.name)) continue;
    await services.tasks.create(task, DEMO_ACTOR);
    created += 1;
  }
  say(`tasks: ${created} created, ${DEMO_TASKS.length - created} already there`);
}

/** On each member's first day: every third completes the profile, every fourth binds a phone, every other opens the app. */
export async function loadFirstDayActivity(services: Services, count: number): Promise<void> {
  let sent = 0;
  for (let i = 1; i <= count; i++) {
    const externalId = demoMemberId(i);
    const member = await services.members.findByExternalId(externalId);
    const occurredAt = new Date(member.createdAt).toISOString();
    const types = [i % 3 === 0 && 'profile.completed', i % 4 === 0 && 'phone.bound', i % 2 === 0 && 'app.opened'].filter(
      (type): type is string => typeof type === 'string',
    );
    for (const type of types) {
      const raw = { id: `demo:${externalId}:${type}`, type, occurredAt, member: { externalId }, attributes: {} };
      const { replayed } = await services.events.ingest(await parseEvent(raw), 'demo:activity');
      if (!replayed) sent += 1;
    }
  }
  say(`tasks: ${sent} first-day activity events added`);
}

import { expect } from 'chai';
import { parseEvent } from '@laurel/server/modules/events/parse.js';
import type { TaskInput } from '@laurel/server/modules/tasks/service.js';
import { startTestApp, type TestApp } from '../../support/harness.js';
import { aMember, anEvent } from '../events/support.js';

const SYSTEM = { type: 'system' as const, id: 'test', label: 'test' };

describe('tasks: database commands per event', () => {
  let t: TestApp;
  let counted: string[] | null = null;

  before(async () => {
    t = await startTestApp({ onCommand: (name) => counted?.push(name) });
    t.clock.set('2026-06-01T02:00:00.000Z');
  });
  after(() => t.close());

  async function aTask(eventType: string, fields: Partial<TaskInput> = {}): Promise<void> {
    await t.services.tasks.create(
      {
        name: `${eventType} task`,
        kind: 'daily',
        trigger: { eventType, measure: 'count' },
        target: 1_000,
        rewards: [{ type: 'points', amount: 1 }],
        ...fields,
      },
      SYSTEM,
    );
  }

  /** The commands of one `type` event of a member who has sent one before (caches warm). */
  async function commandsOf(type: string): Promise<string[]> {
    const member = aMember();
    await t.services.events.ingest(await parseEvent(anEvent(type, member)), 'service:test');
    counted = [];
    await t.services.events.ingest(await parseEvent(anEvent(type, member)), 'service:test');
    const commands = counted;
    counted = null;
    return commands;
  }

  it('costs nothing for an event no task matches, with 20 tasks of other event types', async () => {
    const without = await commandsOf('page.viewed');
    for (let i = 0; i < 20; i++) await aTask(`other.type-${i}`);

    expect(await commandsOf('page.viewed')).to.deep.equal(without);
    expect(without).to.deep.equal(['insert', 'update']);
  });

  it('costs one command per matching task that makes progress without completing', async () => {
    for (let i = 0; i < 3; i++) await aTask('page.liked');

    expect(await commandsOf('page.liked')).to.deep.equal(['insert', 'findAndModify', 'findAndModify', 'findAndModify', 'update']);
  });

  it('reads the member once, before the event is stored, for all matching tasks that look at tier or tags', async () => {
    await aTask('page.shared', { audience: { tiers: ['gold'] } });
    await aTask('page.shared', { trigger: { eventType: 'page.shared', measure: 'count', conditions: { memberTags: ['vip'] } } });

    expect(await commandsOf('page.shared')).to.deep.equal(['find', 'insert', 'update']);
  });

  it('reads a prerequisite counter by id, once', async () => {
    const first = await t.services.tasks.create(
      {
        name: 'first',
        kind: 'once',
        trigger: { eventType: 'profile.done', measure: 'count' },
        target: 1,
        rewards: [{ type: 'points', amount: 1 }],
      },
      SYSTEM,
    );
    await aTask('page.saved', { prerequisiteTaskId: first.id });
    await aTask('page.saved', { prerequisiteTaskId: first.id });

    expect(await commandsOf('page.saved')).to.deep.equal(['find', 'insert', 'update']);
  });
});

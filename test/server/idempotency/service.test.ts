import { expect } from 'chai';
import type { StoredResponse } from '@laurel/server/platform/http/idempotency.js';
import { idempotencyModel } from '@laurel/server/modules/idempotency/model.js';
import { IdempotencyService } from '@laurel/server/modules/idempotency/service.js';
import { startTestApp, uniqueName, type TestApp } from '../../support/harness.js';

const LOCK_MS = 60_000;

/** Work whose end the test decides: it stands for a request still running, or a process that died mid-request. */
function heldWork(response: StoredResponse): { work: () => Promise<StoredResponse>; finish(): void; fail(): void; started: Promise<void> } {
  let finish!: () => void;
  let fail!: () => void;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<StoredResponse>((resolve, reject) => {
    finish = () => resolve(response);
    fail = () => reject(new Error('the first attempt crashed'));
  });
  return {
    work: () => {
      markStarted();
      return done;
    },
    finish,
    fail,
    started,
  };
}

describe('idempotency store (service level)', () => {
  let t: TestApp;
  let store: IdempotencyService;

  before(async () => {
    t = await startTestApp();
    // Short waits keep the in-progress path quick; the lock is judged by the app clock, which the tests move.
    store = new IdempotencyService(idempotencyModel(t.mongo.connection), t.clock, { retentionDays: 7, lockMs: LOCK_MS, waitMs: 200 });
  });

  after(async () => {
    await t.close();
  });

  let runs = 0;
  const counted = (response: StoredResponse) => async (): Promise<StoredResponse> => {
    runs += 1;
    return response;
  };

  it('runs the work once and replays its answer', async () => {
    runs = 0;
    const key = uniqueName('k');
    const first = await store.execute('scope', key, 'fp', counted({ status: 201, body: { n: 1 } }));
    const again = await store.execute('scope', key, 'fp', counted({ status: 201, body: { n: 2 } }));
    expect(first).to.deep.equal({ status: 201, body: { n: 1 }, replayed: false });
    expect(again).to.deep.equal({ status: 201, body: { n: 1 }, replayed: true });
    expect(runs).to.equal(1);
  });

  it('answers 409 IDEMPOTENCY_KEY_IN_PROGRESS to a repeat that waits too long for an unfinished first attempt', async () => {
    const key = uniqueName('k');
    const first = heldWork({ status: 200, body: 'first' });
    const running = store.execute('scope', key, 'fp', first.work);
    await first.started;
    runs = 0;

    const err = await store.execute('scope', key, 'fp', counted({ status: 200, body: 'second' })).catch((e: unknown) => e);

    expect(err).to.include({ status: 409, code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    expect(runs).to.equal(0);
    first.finish();
    expect(await running).to.deep.equal({ status: 200, body: 'first', replayed: false });
  });

  it('answers 409 IDEMPOTENCY_KEY_REUSED to a different request while the first is still running', async () => {
    const key = uniqueName('k');
    const first = heldWork({ status: 200, body: 'first' });
    const running = store.execute('scope', key, 'fp-1', first.work);
    await first.started;
    const err = await store.execute('scope', key, 'fp-2', counted({ status: 200, body: 'x' })).catch((e: unknown) => e);
    expect(err).to.include({ status: 409, code: 'IDEMPOTENCY_KEY_REUSED' });
    first.finish();
    await running;
  });

  it('frees the key when the work fails, so a retry runs it', async () => {
    const key = uniqueName('k');
    const failing = async (): Promise<StoredResponse> => {
      throw new Error('database hiccup');
    };
    await store.execute('scope', key, 'fp', failing).catch(() => undefined);
    runs = 0;
    const retry = await store.execute('scope', key, 'fp', counted({ status: 201, body: 'retried' }));
    expect(retry).to.deep.equal({ status: 201, body: 'retried', replayed: false });
    expect(runs).to.equal(1);
  });

  it('lets a repeat take over a claim whose lock has expired on the clock (the first attempt died)', async () => {
    const key = uniqueName('k');
    const dead = heldWork({ status: 200, body: 'from the dead attempt' });
    const deadRun = store.execute('scope', key, 'fp', dead.work);
    await dead.started;

    t.clock.advance(LOCK_MS + 1);
    runs = 0;
    const takeover = await store.execute('scope', key, 'fp', counted({ status: 200, body: 'from the takeover' }));

    expect(takeover).to.deep.equal({ status: 200, body: 'from the takeover', replayed: false });
    expect(runs).to.equal(1);
    dead.finish();
    await deadRun;
  });

  it('keeps the answer of the takeover when the presumed-dead first attempt finishes late', async () => {
    const key = uniqueName('k');
    const late = heldWork({ status: 200, body: 'late answer' });
    const lateRun = store.execute('scope', key, 'fp', late.work);
    await late.started;
    t.clock.advance(LOCK_MS + 1);
    await store.execute('scope', key, 'fp', counted({ status: 200, body: 'takeover answer' }));

    late.finish();
    await lateRun;

    const replay = await store.execute('scope', key, 'fp', counted({ status: 200, body: 'must not run' }));
    expect(replay).to.deep.equal({ status: 200, body: 'takeover answer', replayed: true });
  });

  it('does not let a presumed-dead first attempt that fails late free the key the takeover holds', async () => {
    const key = uniqueName('k');
    const dead = heldWork({ status: 200, body: 'never' });
    const deadRun = store.execute('scope', key, 'fp', dead.work).catch(() => undefined);
    await dead.started;
    t.clock.advance(LOCK_MS + 1);
    const takeover = heldWork({ status: 200, body: 'takeover answer' });
    const takeoverRun = store.execute('scope', key, 'fp', takeover.work);
    await takeover.started;

    dead.fail();
    await deadRun;
    runs = 0;
    const third = await store.execute('scope', key, 'fp', counted({ status: 200, body: 'third run' })).catch((e: unknown) => e);

    expect(runs, 'a third attempt ran while the takeover was still running').to.equal(0);
    expect(third).to.include({ status: 409, code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    takeover.finish();
    expect(await takeoverRun).to.deep.equal({ status: 200, body: 'takeover answer', replayed: false });
  });

  it('deletes only records past their retention', async () => {
    const records = t.mongo.connection.collection('idempotency_keys');
    await records.deleteMany({}); // only this test's records, whatever the earlier tests left
    await store.execute('retention', uniqueName('k'), 'fp', counted({ status: 201, body: null }));
    await store.execute('retention', uniqueName('k'), 'fp', counted({ status: 201, body: null }));
    const total = await records.countDocuments();
    expect(total).to.equal(2);

    t.clock.advance(7 * 86_400_000 - 1);
    expect(await store.deleteExpired()).to.equal(0);
    t.clock.advance(2);
    expect(await store.deleteExpired()).to.equal(total);
    expect(await records.countDocuments()).to.equal(0);
  });
});

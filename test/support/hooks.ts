import 'reflect-metadata';

interface EnginesModule {
  ensureEngines(): Promise<{ mongodbUri: string; redisUrl: string }>;
}

// Root hooks: make sure the local engines run once before any test file (a no-op when MONGODB_URI and REDIS_URL are given).
// The script lives at the repository root; this file runs from build/test/support.
const engines = (await import(new URL('../../../scripts/engines.mjs', import.meta.url).href)) as EnginesModule;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    this.timeout(15 * 60_000);
    const uris = await engines.ensureEngines();
    process.env.MONGODB_URI = uris.mongodbUri;
    process.env.REDIS_URL = uris.redisUrl;
  },
};

import { openCliContext } from '@laurel/server/cli/context.js';
import { ensureApiKey, ensureMembers, ensureOperators } from './accounts.js';
import { ensureBenefits, loadBenefits } from './benefits.js';
import { loadCheckIns } from './check-ins.js';
import { pastServices, say } from './common.js';
import { ensureCouponTemplates, loadCoupons, loadNewMemberCoupons } from './coupons.js';
import { loadHistory, loadHistoryRedemptions } from './history.js';
import { ensureMall, loadMall } from './mall.js';
import { ensureRules } from './rules.js';
import { ensureTasks, loadFirstDayActivity } from './tasks.js';
import { ensureTiers, placeVipMembers } from './tiers.js';

// Loads demo data into the configured database. Safe to run again: existing data is kept, nothing is doubled.
const MEMBER_COUNT = Number(process.env.DEMO_MEMBERS ?? 1000);

async function main(): Promise<void> {
  const ctx = await openCliContext();
  const { services } = ctx;
  const started = Date.now();
  try {
    await ensureOperators(services);
    await ensureApiKey(services);
    await ensureMembers(services, MEMBER_COUNT);
    await ensureRules(services);
    await ensureTiers(services);
    await placeVipMembers(services, MEMBER_COUNT);
    const templates = await ensureCouponTemplates(services);
    await ensureBenefits(services, templates);
    const rewards = await ensureMall(services, templates);
    await ensureTasks(services);
    await loadHistory(services, MEMBER_COUNT);
    await loadFirstDayActivity(services, MEMBER_COUNT);
    await loadCheckIns(ctx, MEMBER_COUNT);
    await loadBenefits(services, ctx.config.businessTimeZone, MEMBER_COUNT);
    await loadNewMemberCoupons(pastServices(ctx), templates.newMember, MEMBER_COUNT);
    await loadCoupons(services, templates, MEMBER_COUNT);
    // Redemptions last: nothing earns points after them, so a member refused for points now is refused on a rerun.
    await loadHistoryRedemptions(services, rewards, MEMBER_COUNT);
    await loadMall(services, rewards, MEMBER_COUNT);
    say(`done in ${Math.round((Date.now() - started) / 100) / 10} s`);
  } finally {
    await ctx.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

import { useEffect, useState } from 'react';
import type { BenefitView, CouponTemplateView } from '@laurel/shared';
import { api } from '../../api/client';
import type { Page } from '../../api/types';

export interface RewardChoices {
  templates: CouponTemplateView[];
  benefits: BenefitView[];
}

// Loaded once for every reward input of a page (a check-in program has one per cycle day, all mounted together) and
// loaded again by a form opened later, so that a template or benefit created meanwhile is offered; a failure is tried
// again.
const FRESH_MS = 10_000;
let loading: { at: number; choices: Promise<RewardChoices> } | null = null;

function load(): Promise<RewardChoices> {
  if (loading && Date.now() - loading.at < FRESH_MS) return loading.choices;
  const choices = Promise.all([
    api.get<Page<CouponTemplateView>>('/coupon-templates', { query: { limit: 100 } }),
    api.get<Page<BenefitView>>('/benefits', { query: { status: 'active', limit: 100 } }),
  ])
    .then(([templates, benefits]) => ({ templates: templates.items.filter((t) => t.status !== 'archived'), benefits: benefits.items }))
    .catch((err: unknown) => {
      loading = null;
      throw err;
    });
  loading = { at: Date.now(), choices };
  return choices;
}

/** The coupon templates and benefits a reward may name; empty while loading or when the load failed. */
export function useRewardChoices(): RewardChoices {
  const [choices, setChoices] = useState<RewardChoices>({ templates: [], benefits: [] });
  useEffect(() => {
    let live = true;
    load()
      .then((loaded) => live && setChoices(loaded))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return choices;
}

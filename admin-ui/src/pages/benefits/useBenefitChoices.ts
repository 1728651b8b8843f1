import { useEffect, useState } from 'react';
import { activeCouponTemplates } from '../coupons/api';
import type { BenefitView, CouponTemplateView } from '@laurel/shared';
import { activeBenefits } from './api';

export interface BenefitChoices {
  benefits: BenefitView[];
  couponTemplates: CouponTemplateView[];
  loading: boolean;
}

/** The benefits and coupon templates a benefit's value or a package may use; a failed load leaves a picker empty. */
export function useBenefitChoices(): BenefitChoices {
  const [choices, setChoices] = useState<BenefitChoices>({ benefits: [], couponTemplates: [], loading: true });
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    void Promise.all([activeBenefits(signal).catch(() => []), activeCouponTemplates(signal).catch(() => [])]).then(
      ([benefits, couponTemplates]) => {
        if (!signal.aborted) setChoices({ benefits, couponTemplates, loading: false });
      },
    );
    return () => controller.abort();
  }, []);
  return choices;
}

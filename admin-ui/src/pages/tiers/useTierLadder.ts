import { useEffect, useState } from 'react';
import type { TierView } from '@laurel/shared';
import { tierLadder } from '../tasks/api';

/** The tier ladder for pickers; a failed load leaves the picker empty (the form still works). */
export function useTierLadder(): { tiers: TierView[]; loading: boolean } {
  const [state, setState] = useState<{ tiers: TierView[]; loading: boolean }>({ tiers: [], loading: true });
  useEffect(() => {
    const controller = new AbortController();
    void tierLadder(controller.signal)
      .catch(() => [])
      .then((tiers) => {
        if (!controller.signal.aborted) setState({ tiers, loading: false });
      });
    return () => controller.abort();
  }, []);
  return state;
}

export function tierOptions(tiers: readonly TierView[]): { value: string; label: string }[] {
  return tiers.map((tier) => ({ value: tier.code, label: `${tier.name} (${tier.code})` }));
}

import { Steps } from 'antd';
import type { StepsProps } from 'antd';
import { useMessages } from '../../i18n/language';
import type { RedemptionState } from '@laurel/shared';
import { SAGA_STEPS } from './api';
import { redemptionsMessages } from './messages';

/**
 * The saga as steps: those done, the one it is at (a redemption a crash left mid-way waits there for the resume job),
 * and how it ended when it failed (earlier steps undone) or was cancelled (points and stock returned).
 */
export function RedemptionSteps({ state }: { state: RedemptionState }) {
  const t = useMessages(redemptionsMessages);
  const step = (s: RedemptionState, status: NonNullable<StepsProps['items']>[number]['status']) => ({
    title: t.states[s],
    description: t.stateHelp[s],
    status,
  });
  let items: StepsProps['items'];
  if (state === 'failed') items = [step('created', 'finish'), step('failed', 'error')];
  else if (state === 'cancelled') items = [...SAGA_STEPS.map((s) => step(s, 'finish')), step('cancelled', 'finish')];
  else {
    const at = SAGA_STEPS.indexOf(state);
    items = SAGA_STEPS.map((s, i) => step(s, i < at || state === 'completed' ? 'finish' : i === at ? 'process' : 'wait'));
  }
  return (
    <div data-testid="redemption-steps" data-state={state} style={{ marginBottom: 16 }}>
      <Steps size="small" orientation="vertical" items={items} />
    </div>
  );
}

import { Tag, Tooltip } from 'antd';
import { useMessages } from '../../i18n/language';
import type { FulfilmentStatus, RedemptionState } from '@laurel/shared';
import { redemptionsMessages } from './messages';

const STATE_COLORS: Record<RedemptionState, string> = {
  created: 'default',
  points_held: 'processing',
  stock_taken: 'processing',
  issued: 'processing',
  completed: 'success',
  failed: 'error',
  cancelled: 'warning',
};
const FULFILMENT_COLORS: Record<FulfilmentStatus, string> = {
  pending: 'gold',
  shipped: 'blue',
  delivered: 'success',
  cancelled: 'default',
};

export function RedemptionStateTag({ state }: { state: RedemptionState }) {
  const t = useMessages(redemptionsMessages);
  return (
    <Tooltip title={t.stateHelp[state]}>
      <Tag color={STATE_COLORS[state]} data-testid="redemption-state">
        {t.states[state]}
      </Tag>
    </Tooltip>
  );
}

export function FulfilmentTag({ status }: { status: FulfilmentStatus }) {
  const t = useMessages(redemptionsMessages);
  return (
    <Tag color={FULFILMENT_COLORS[status]} data-testid="fulfilment-status">
      {t.fulfilments[status]}
    </Tag>
  );
}

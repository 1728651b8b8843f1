import { useEffect, useMemo, useState } from 'react';
import { Select, Space } from 'antd';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useSelectedRow } from '../../components/useSelectedRow';
import { useMessages } from '../../i18n/language';
import { rewardChoices } from '../mall/api';
import type { MallRewardView, RedemptionState, RedemptionView } from '@laurel/shared';
import { mallMessages } from '../mall/messages';
import { REDEMPTION_STATE_LIST, redemptionsFetcher, type RedemptionFilter } from './api';
import { redemptionColumns } from './columns';
import { redemptionsMessages } from './messages';
import { RedemptionDrawer } from './RedemptionDrawer';

const ALL = 'all';

/** `/redemptions`: every member's redemptions, newest first, by state and reward; one opens in a drawer. */
export function RedemptionsPage() {
  const t = useMessages(redemptionsMessages);
  const mall = useMessages(mallMessages);
  const [filter, setFilter] = useState<RedemptionFilter>({});
  const [rewards, setRewards] = useState<MallRewardView[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    void rewardChoices(controller.signal)
      .then(setRewards)
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  const fetchPage = useMemo(() => redemptionsFetcher(filter), [filter]);
  const list = useCursorList(fetchPage);
  const shown = useSelectedRow(list);
  const columns = useMemo(() => redemptionColumns(t, mall, true, shown.open), [t, mall, shown.open]);
  return (
    <>
      <PageHeader title={t.title} subtitle={t.subtitle} />
      <CursorTable<RedemptionView>
        list={list}
        rowKey="id"
        columns={columns}
        errorTitle={t.couldNotLoad}
        emptyText={t.empty}
        toolbar={
          <Space wrap>
            <Select<RedemptionState | typeof ALL>
              aria-label={t.stateFilter}
              style={{ width: 180 }}
              value={filter.state ?? ALL}
              options={[
                { value: ALL, label: `${t.stateFilter}: ${t.all}` },
                ...REDEMPTION_STATE_LIST.map((s) => ({ value: s, label: t.states[s] })),
              ]}
              onChange={(v) => setFilter({ ...filter, state: v === ALL ? undefined : v })}
            />
            <Select<string>
              aria-label={t.rewardFilter}
              style={{ width: 260 }}
              showSearch={{ optionFilterProp: 'label' }}
              value={filter.rewardId ?? ALL}
              options={[{ value: ALL, label: t.allRewards }, ...rewards.map((r) => ({ value: r.id, label: r.name }))]}
              onChange={(v) => setFilter({ ...filter, rewardId: v === ALL ? undefined : v })}
            />
          </Space>
        }
      />
      <RedemptionDrawer redemption={shown.selected} onClose={shown.close} onChanged={shown.changed} />
    </>
  );
}

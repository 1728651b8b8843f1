import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Segmented, Select, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { CursorTable } from '../../components/CursorTable';
import { definitionStatusMessages } from '../../components/DefinitionStatusTag';
import { PageHeader } from '../../components/PageHeader';
import { useDefinitionList } from '../../components/useDefinitionList';
import { useMessages } from '../../i18n/language';
import { MALL_WRITE_ROLE, REWARD_STATUS_LIST, REWARD_TYPE_LIST, rewardsFetcher, type RewardFilter } from './api';
import { rewardColumns } from './columns';
import type { MallRewardStatus, MallRewardType, MallRewardView } from '@laurel/shared';
import { mallMessages } from './messages';

const ALL = 'all';

export function RewardsPage() {
  const t = useMessages(mallMessages);
  const statuses = useMessages(definitionStatusMessages);
  const canWrite = useHasRole(MALL_WRITE_ROLE);
  const navigate = useNavigate();
  const [filter, setFilter] = useState<RewardFilter>({});
  const fetchPage = useMemo(() => rewardsFetcher(filter), [filter]);
  const { list, onChanged } = useDefinitionList(fetchPage, filter.status);
  const columns = useMemo(() => rewardColumns(t, canWrite ? onChanged : undefined), [t, canWrite, onChanged]);

  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={t.subtitle}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/rewards/new')}>
              {t.newReward}
            </Button>
          )
        }
      />
      <CursorTable<MallRewardView>
        list={list}
        rowKey="id"
        columns={columns}
        errorTitle={t.couldNotLoad}
        emptyText={t.empty}
        toolbar={
          <Space wrap>
            <Segmented<MallRewardStatus | typeof ALL>
              aria-label={t.statusFilter}
              options={[{ value: ALL, label: t.all }, ...REWARD_STATUS_LIST.map((s) => ({ value: s, label: statuses[s] }))]}
              value={filter.status ?? ALL}
              onChange={(v) => setFilter({ ...filter, status: v === ALL ? undefined : v })}
            />
            <Select<MallRewardType | typeof ALL>
              aria-label={t.typeFilter}
              style={{ width: 160 }}
              value={filter.type ?? ALL}
              options={[{ value: ALL, label: t.allTypes }, ...REWARD_TYPE_LIST.map((v) => ({ value: v, label: t.types[v] }))]}
              onChange={(v) => setFilter({ ...filter, type: v === ALL ? undefined : v })}
            />
          </Space>
        }
        rowClassName={(r) => (r.status === 'archived' ? 'row-muted' : '')}
      />
    </>
  );
}

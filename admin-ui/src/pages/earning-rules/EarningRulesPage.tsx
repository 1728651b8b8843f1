import { useMemo, useState } from 'react';
import { ExperimentOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { rulesFetcher, type EarningRule, type RuleFilter } from './api';
import { ruleColumns } from './columns';
import { DryRunDrawer } from './DryRunDrawer';
import { RuleFilters } from './RuleFilters';

export function EarningRulesPage() {
  const isAdmin = useHasRole('admin');
  const navigate = useNavigate();
  const [filter, setFilter] = useState<RuleFilter>({ status: 'active' });
  const [dryRunOpen, setDryRunOpen] = useState(false);
  const fetchPage = useMemo(() => rulesFetcher(filter), [filter]);
  const list = useCursorList(fetchPage);
  const columns = useMemo(() => ruleColumns(isAdmin ? () => list.reload() : undefined), [isAdmin, list.reload]);

  return (
    <>
      <PageHeader
        title="Earning rules"
        subtitle="How events turn into points and growth; highest priority first"
        extra={
          <Space>
            <Button icon={<ExperimentOutlined />} onClick={() => setDryRunOpen(true)}>
              Dry run
            </Button>
            {isAdmin && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/earning-rules/new')}>
                New rule
              </Button>
            )}
          </Space>
        }
      />
      <CursorTable<EarningRule>
        list={list}
        rowKey="id"
        columns={columns}
        errorTitle="Could not load earning rules"
        emptyText="No earning rules match"
        toolbar={<RuleFilters value={filter} onChange={setFilter} />}
        rowClassName={(r) => (r.status === 'archived' ? 'row-muted' : '')}
      />
      <DryRunDrawer open={dryRunOpen} onClose={() => setDryRunOpen(false)} />
    </>
  );
}

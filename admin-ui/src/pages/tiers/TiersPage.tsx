import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Space } from 'antd';
import { useHasRole } from '../../auth/useSession';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { tiersFetcher, type Tier } from './api';
import { tierColumns } from './columns';
import { ReevaluateButton } from './ReevaluateButton';
import { TierFormDrawer } from './TierFormDrawer';

export function TiersPage() {
  // The server lets operators and admins write tiers.
  const canWrite = useHasRole('operator');
  const list = useCursorList(tiersFetcher, { pageSize: 100 });
  const [editing, setEditing] = useState<{ tier: Tier | null } | null>(null);
  const columns = useMemo(() => tierColumns(canWrite ? (tier) => setEditing({ tier }) : undefined), [canWrite]);

  return (
    <>
      <PageHeader
        title="Tiers"
        subtitle="The tier ladder, lowest rank first; edits apply to the next upgrade check or evaluation. A tier's benefits, its points multiplier among them, are the benefit packages attached to it."
        extra={
          canWrite && (
            <Space>
              <ReevaluateButton onDone={list.reload} />
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ tier: null })}>
                New tier
              </Button>
            </Space>
          )
        }
      />
      <CursorTable<Tier> list={list} rowKey="code" columns={columns} errorTitle="Could not load tiers" emptyText="No tiers defined" />
      <TierFormDrawer
        open={editing !== null}
        tier={editing?.tier ?? null}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          list.reload();
        }}
      />
    </>
  );
}

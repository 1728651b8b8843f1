import { useMemo, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { auditFetcher, type AuditEntry, type AuditFilter } from './api';
import { AuditDiff } from './AuditDiff';
import { AuditFilters } from './AuditFilters';
import { auditColumns } from './columns';

export function AuditPage() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const fetchPage = useMemo(() => auditFetcher(filter), [filter]);
  const list = useCursorList(fetchPage);
  const columns = useMemo(() => auditColumns(setFilter), []);

  return (
    <>
      <PageHeader
        title="Audit log"
        subtitle="Every change made through the console and the API, newest first"
        extra={
          <Button icon={<ReloadOutlined />} onClick={list.reload} loading={list.loading && !list.loadingMore}>
            Refresh
          </Button>
        }
      />
      <CursorTable<AuditEntry>
        list={list}
        rowKey="id"
        columns={columns}
        errorTitle="Could not load audit log"
        emptyText="No audit entries"
        toolbar={<AuditFilters value={filter} onChange={setFilter} />}
        expandable={{
          expandedRowRender: (entry) => <AuditDiff entry={entry} />,
        }}
      />
    </>
  );
}

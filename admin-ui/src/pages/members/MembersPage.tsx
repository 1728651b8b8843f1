import { useMemo, useState } from 'react';
import { Input } from 'antd';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { memberSearch, type MemberSummary } from './api';
import { memberColumns } from './columns';

export function MembersPage() {
  const [externalId, setExternalId] = useState('');
  const fetchPage = useMemo(() => memberSearch(externalId), [externalId]);
  const list = useCursorList(fetchPage);

  return (
    <>
      <PageHeader title="Members" subtitle="Newest first; search by the external ID your systems use" />
      <CursorTable<MemberSummary>
        list={list}
        rowKey="id"
        columns={memberColumns}
        errorTitle="Member lookup failed"
        emptyText={externalId ? `No member with external ID “${externalId}”` : 'No members yet'}
        toolbar={
          <Input.Search
            allowClear
            enterButton="Search"
            placeholder="External ID, e.g. user-10086"
            style={{ maxWidth: 480 }}
            loading={list.loading}
            onSearch={(value) => {
              const next = value.trim();
              if (next === externalId) list.reload();
              else setExternalId(next);
            }}
          />
        }
      />
    </>
  );
}

import { useMemo } from 'react';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { auditFetcher, type AuditEntry } from '../audit/api';
import { AuditDiff } from '../audit/AuditDiff';
import { auditColumns } from '../audit/columns';

const noFilter = () => undefined;
// The target is this member on every row, so the column is left out.
const columns = auditColumns(noFilter).filter((c) => !('dataIndex' in c) || c.dataIndex !== 'target');

/** Audit entries whose target is this member (manual adjustments, profile changes). */
export function MemberAuditTable({ memberId, version }: { memberId: string; version: number }) {
  const fetchPage = useMemo(() => auditFetcher({ targetType: 'member', targetId: memberId }), [memberId, version]);
  const list = useCursorList(fetchPage, { pageSize: 20 });
  return (
    <CursorTable<AuditEntry>
      list={list}
      rowKey="id"
      columns={columns}
      size="small"
      errorTitle="Could not load the audit log"
      emptyText="No audit entries for this member"
      expandable={{ expandedRowRender: (entry) => <AuditDiff entry={entry} /> }}
    />
  );
}

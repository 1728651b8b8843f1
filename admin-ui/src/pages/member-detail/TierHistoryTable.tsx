import { useMemo } from 'react';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { tierHistoryFetcher, type TierChange } from './api';
import { tierHistoryColumns } from './tierHistoryColumns';

/** The member's tier changes, newest first; `version` changes reload it (e.g. after a tier was set). */
export function TierHistoryTable({ memberId, version }: { memberId: string; version: number }) {
  // version is a dependency on purpose: a new fetcher identity makes the list start over.
  const fetchPage = useMemo(() => tierHistoryFetcher(memberId), [memberId, version]);
  const list = useCursorList(fetchPage, { pageSize: 20 });
  return (
    <div data-testid="tier-history">
      <CursorTable<TierChange>
        list={list}
        rowKey="id"
        columns={tierHistoryColumns}
        size="small"
        errorTitle="Could not load the tier history"
        emptyText="No tier changes"
      />
    </div>
  );
}

import { useMemo, useState } from 'react';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { ledgerFetcher, type LedgerEntry, type LedgerFilter } from './api';
import { ledgerColumns } from './ledgerColumns';
import { LedgerFilters } from './LedgerFilters';

/** The member's ledger, newest first; `version` changes reload it (e.g. after an adjustment). */
export function LedgerTable({ memberId, version }: { memberId: string; version: number }) {
  const [filter, setFilter] = useState<LedgerFilter>({});
  // version is a dependency on purpose: a new fetcher identity makes the list start over.
  const fetchPage = useMemo(() => ledgerFetcher(memberId, filter), [memberId, filter, version]);
  const list = useCursorList(fetchPage, { pageSize: 20 });
  return (
    <CursorTable<LedgerEntry>
      list={list}
      rowKey="id"
      columns={ledgerColumns}
      size="small"
      errorTitle="Could not load the ledger"
      emptyText="No ledger entries"
      toolbar={<LedgerFilters value={filter} onChange={setFilter} />}
    />
  );
}

import { useMemo, useState } from 'react';
import type { EventOpenState, EventRecordView } from '@laurel/shared';
import { Card, Segmented, Space, Typography } from 'antd';
import { useHasRole } from '../../auth/useSession';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { useMessages } from '../../i18n/language';
import { memberEventsFetcher } from './api';
import { memberEventColumns } from './memberEventColumns';
import { memberEventsMessages } from './memberEventsMessages';

type Filter = EventOpenState | 'all';
const FILTERS: Filter[] = ['all', 'failed', 'waiting', 'received'];

export interface MemberEventsCardProps {
  memberId: string;
  /** Changes reload the list. */
  version: number;
  /** After a retry applied an event (the wallets changed). */
  onChanged: () => void;
}

/** The member's events that are not processed: failing and retried, parked as failed, or waiting for their order. */
export function MemberEventsCard({ memberId, version, onChanged }: MemberEventsCardProps) {
  const t = useMessages(memberEventsMessages);
  const canRetry = useHasRole('operator');
  const [filter, setFilter] = useState<Filter>('all');
  // version is a dependency on purpose: a new fetcher identity makes the list start over.
  const fetchPage = useMemo(() => memberEventsFetcher(memberId, filter === 'all' ? undefined : filter), [memberId, filter, version]);
  const list = useCursorList(fetchPage, { pageSize: 20 });
  const columns = useMemo(
    () =>
      memberEventColumns(t, canRetry, (after: EventRecordView) => {
        list.reload();
        if (after.state === 'processed') onChanged();
      }),
    [t, canRetry, list.reload, onChanged],
  );
  return (
    <Card title={t.title} size="small" data-testid="member-events" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      <CursorTable<EventRecordView>
        list={list}
        rowKey="id"
        columns={columns}
        size="small"
        errorTitle={t.couldNotLoad}
        emptyText={t.empty}
        toolbar={
          <Space>
            <Typography.Text>{t.filterLabel}</Typography.Text>
            <Segmented<Filter>
              size="small"
              aria-label={t.filterLabel}
              value={filter}
              onChange={setFilter}
              options={FILTERS.map((f) => ({ value: f, label: f === 'all' ? t.all : t.states[f] }))}
            />
          </Space>
        }
      />
    </Card>
  );
}

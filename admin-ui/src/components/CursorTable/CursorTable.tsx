import type { ReactNode } from 'react';
import { Button, Empty, Flex, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { defineMessages, useMessages } from '../../i18n/language';
import { ApiErrorAlert } from '../ApiErrorAlert';
import type { CursorList } from './useCursorList';

const messages = defineMessages({
  en: {
    nothing: 'Nothing to show',
    noData: 'No data',
    couldNotLoad: 'Could not load data',
    loaded: (n: number, more: boolean) => `${n} loaded${more ? ', more available' : ''}`,
    loadMore: 'Load more',
  },
  zh: {
    nothing: '没有可显示的内容',
    noData: '暂无数据',
    couldNotLoad: '无法加载数据',
    loaded: (n: number, more: boolean) => `已加载 ${n} 条${more ? '，还有更多' : ''}`,
    loadMore: '加载更多',
  },
});

export interface CursorTableProps<T> extends Pick<TableProps<T>, 'columns' | 'rowKey' | 'expandable' | 'size' | 'scroll' | 'rowClassName'> {
  /** State from {@link useCursorList}. */
  list: CursorList<T>;
  /** Shown above the table, e.g. filters or a "New" button. */
  toolbar?: ReactNode;
  emptyText?: ReactNode;
  /** Context for the error panel, e.g. "Could not load API keys". */
  errorTitle?: string;
}

/** Ant Design table with cursor pagination ("Load more" via nextCursor). */
export function CursorTable<T extends object>({
  list,
  toolbar,
  emptyText,
  errorTitle,
  size = 'middle',
  scroll = { x: 'max-content' },
  ...tableProps
}: CursorTableProps<T>) {
  const t = useMessages(messages);
  const initialLoading = list.loading && !list.loadingMore;
  const failed = list.error !== null;
  const empty = failed ? t.nothing : (emptyText ?? t.noData);
  return (
    <div>
      {toolbar && <div style={{ marginBottom: 12 }}>{toolbar}</div>}
      {failed && (
        <ApiErrorAlert
          error={list.error}
          title={errorTitle ?? t.couldNotLoad}
          onRetry={list.items.length > 0 ? list.loadMore : list.reload}
        />
      )}
      <Table<T>
        {...tableProps}
        size={size}
        scroll={scroll}
        dataSource={list.items}
        loading={initialLoading}
        pagination={false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={empty} />,
        }}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">
          {list.loaded && !(failed && list.items.length === 0) ? t.loaded(list.items.length, list.hasMore) : ''}
        </Typography.Text>
        {list.hasMore && (
          <Button onClick={list.loadMore} loading={list.loadingMore}>
            {t.loadMore}
          </Button>
        )}
      </Flex>
    </div>
  );
}

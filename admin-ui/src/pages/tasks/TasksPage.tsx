import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import type { TaskView } from '@laurel/shared';
import { useNavigate } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useMessages } from '../../i18n/language';
import { tasksFetcher, type TaskFilter } from './api';
import { taskColumns } from './columns';
import { tasksMessages } from './messages';
import { rewardMessages } from './rewards';
import { TaskFilters } from './TaskFilters';

export function TasksPage() {
  const t = useMessages(tasksMessages);
  const r = useMessages(rewardMessages);
  // The server lets operators and admins write tasks.
  const canWrite = useHasRole('operator');
  const navigate = useNavigate();
  const [filter, setFilter] = useState<TaskFilter>({});
  const fetchPage = useMemo(() => tasksFetcher(filter), [filter]);
  const list = useCursorList(fetchPage);
  const { reload, replaceItem } = list;
  const columns = useMemo(() => {
    // A task that left the filtered status leaves the list; otherwise its row shows the change.
    const onChanged = (after: TaskView) =>
      filter.status && after.status !== filter.status ? reload() : replaceItem((task) => task.id === after.id, after);
    return taskColumns(t, r, canWrite ? onChanged : undefined);
  }, [t, r, canWrite, filter.status, reload, replaceItem]);

  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={t.subtitle}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/tasks/new')}>
              {t.newTask}
            </Button>
          )
        }
      />
      <CursorTable<TaskView>
        list={list}
        rowKey="id"
        columns={columns}
        errorTitle={t.couldNotLoad}
        emptyText={t.empty}
        toolbar={<TaskFilters value={filter} onChange={setFilter} />}
        rowClassName={(task) => (task.status === 'archived' ? 'row-muted' : '')}
      />
    </>
  );
}

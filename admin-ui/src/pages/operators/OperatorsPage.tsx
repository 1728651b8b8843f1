import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { ROLE_COLORS, ROLE_LABELS } from '../../auth/roles';
import { useSession } from '../../auth/useSession';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { listOperators, type Operator } from './api';
import { CreateOperatorModal } from './CreateOperatorModal';
import { OperatorRowActions } from './OperatorRowActions';

export function OperatorsPage() {
  const { user } = useSession();
  const list = useCursorList(listOperators);
  const [creating, setCreating] = useState(false);

  const onUpdated = (op: Operator) => list.replaceItem((o) => o.id === op.id, op);

  const columns: TableColumnsType<Operator> = [
    {
      title: 'Name',
      dataIndex: 'name',
      render: (name: string, op) => (
        <>
          <Typography.Text strong>{name}</Typography.Text>
          {op.id === user?.id && <Tag style={{ marginLeft: 8 }}>You</Tag>}
        </>
      ),
    },
    { title: 'Email', dataIndex: 'email' },
    {
      title: 'Role',
      dataIndex: 'role',
      render: (role: Operator['role']) => <Tag color={ROLE_COLORS[role]}>{ROLE_LABELS[role]}</Tag>,
    },
    {
      title: 'Status',
      dataIndex: 'disabled',
      render: (disabled: boolean) => (disabled ? <Tag color="default">Disabled</Tag> : <Tag color="success">Active</Tag>),
    },
    {
      title: 'Created',
      dataIndex: 'createdAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      title: 'Last login',
      dataIndex: 'lastLoginAt',
      render: (v: string | null) => <DateTime value={v} relative />,
    },
    {
      title: 'Actions',
      key: 'actions',
      fixed: 'right',
      render: (_, op) => <OperatorRowActions operator={op} isSelf={op.id === user?.id} onUpdated={onUpdated} />,
    },
  ];

  return (
    <>
      <PageHeader
        title="Operators"
        subtitle="Console accounts and their roles"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            New operator
          </Button>
        }
      />
      <CursorTable<Operator>
        list={list}
        rowKey="id"
        columns={columns}
        errorTitle="Could not load operators"
        emptyText="No operators"
        rowClassName={(op) => (op.disabled ? 'row-muted' : '')}
      />
      <CreateOperatorModal open={creating} onClose={() => setCreating(false)} onCreated={() => list.reload()} />
    </>
  );
}

import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { useNotifyError } from '../../components/useNotifyError';
import { listApiKeys, revokeApiKey, type ApiKey, type CreatedApiKey } from './api';
import { CreateApiKeyModal } from './CreateApiKeyModal';
import { SecretRevealModal } from './SecretRevealModal';

export function ApiKeysPage() {
  const list = useCursorList(listApiKeys);
  const [creating, setCreating] = useState(false);
  const [revealed, setRevealed] = useState<CreatedApiKey | null>(null);
  const { message } = App.useApp();
  const notifyError = useNotifyError();

  const revoke = async (key: ApiKey) => {
    try {
      const updated = await revokeApiKey(key);
      list.replaceItem((k) => k.id === key.id, updated);
      void message.success(`Key “${key.name}” revoked`);
    } catch (err) {
      notifyError(err, 'Could not revoke key');
    }
  };

  const columns: TableColumnsType<ApiKey> = [
    {
      title: 'Name',
      dataIndex: 'name',
      render: (v: string) => <Typography.Text strong>{v}</Typography.Text>,
    },
    {
      title: 'Prefix',
      dataIndex: 'prefix',
      render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
    },
    {
      title: 'Scopes',
      dataIndex: 'scopes',
      render: (scopes: string[]) => scopes.map((s) => <Tag key={s}>{s}</Tag>),
    },
    {
      title: 'Status',
      dataIndex: 'revokedAt',
      render: (v: string | null) =>
        v ? (
          <Tag color="default">
            Revoked <DateTime value={v} relative />
          </Tag>
        ) : (
          <Tag color="success">Active</Tag>
        ),
    },
    {
      title: 'Created',
      dataIndex: 'createdAt',
      render: (v: string) => <DateTime value={v} />,
    },
    {
      title: 'Last used',
      dataIndex: 'lastUsedAt',
      render: (v: string | null) => <DateTime value={v} relative />,
    },
    {
      title: 'Actions',
      key: 'actions',
      fixed: 'right',
      render: (_, key) =>
        key.revokedAt ? null : (
          <Popconfirm
            title="Revoke this API key?"
            description="Integrations using it will stop working immediately. This cannot be undone."
            okText="Revoke"
            okButtonProps={{ danger: true }}
            onConfirm={() => revoke(key)}
          >
            <Button size="small" danger>
              Revoke
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="API keys"
        subtitle="Server-to-server credentials for the integration API"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            New API key
          </Button>
        }
      />
      <CursorTable<ApiKey>
        list={list}
        rowKey="id"
        columns={columns}
        errorTitle="Could not load API keys"
        emptyText="No API keys yet"
        rowClassName={(k) => (k.revokedAt ? 'row-muted' : '')}
      />
      <CreateApiKeyModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(key) => {
          setRevealed(key);
          list.reload();
        }}
      />
      <SecretRevealModal apiKey={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}

import { useState } from 'react';
import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Flex, Input, Modal, Space, Tag } from 'antd';
import { copyText } from '../../lib/clipboard';
import type { CreatedApiKey } from './api';

export interface SecretRevealModalProps {
  apiKey: CreatedApiKey | null;
  onClose: () => void;
}

/** Shows a freshly created key's secret exactly once. */
export function SecretRevealModal({ apiKey, onClose }: SecretRevealModalProps) {
  const [copied, setCopied] = useState(false);
  const { message } = App.useApp();

  const copy = async () => {
    if (!apiKey) return;
    if (await copyText(apiKey.secret)) {
      setCopied(true);
      void message.success('Secret copied to clipboard');
    } else {
      void message.error('Copy failed — select the secret and copy it manually');
    }
  };

  const close = () => {
    setCopied(false);
    onClose();
  };

  return (
    <Modal
      title="API key created"
      open={apiKey !== null}
      onCancel={close}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={close}>
          {copied ? 'Done' : 'I have stored the secret'}
        </Button>
      }
      width={640}
    >
      {apiKey && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Alert
            type="warning"
            showIcon
            title="Copy this secret now — it will not be shown again."
            description="Store it in your secret manager. If it is lost, revoke this key and create a new one."
          />
          <Flex gap={8}>
            <Input
              readOnly
              value={apiKey.secret}
              onFocus={(e) => e.currentTarget.select()}
              style={{
                fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
              }}
            />
            <Button type="primary" icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void copy()}>
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </Flex>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'name', label: 'Name', children: apiKey.name },
              {
                key: 'prefix',
                label: 'Prefix',
                children: <code>{apiKey.prefix}</code>,
              },
              {
                key: 'scopes',
                label: 'Scopes',
                children: apiKey.scopes.map((s) => <Tag key={s}>{s}</Tag>),
              },
            ]}
          />
        </Space>
      )}
    </Modal>
  );
}

import { useState } from 'react';
import { App, Button, Popconfirm, Select, Space, Tooltip } from 'antd';
import { ROLE_LABELS } from '../../auth/roles';
import { ROLES, type Role } from '../../auth/types';
import { useNotifyError } from '../../components/useNotifyError';
import { updateOperator, type Operator, type UpdateOperatorInput } from './api';

export interface OperatorRowActionsProps {
  operator: Operator;
  isSelf: boolean;
  onUpdated: (operator: Operator) => void;
}

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));

/** Inline role select + disable/enable toggle for one operator row. */
export function OperatorRowActions({ operator, isSelf, onUpdated }: OperatorRowActionsProps) {
  const [busy, setBusy] = useState<'role' | 'disabled' | null>(null);
  const { message } = App.useApp();
  const notifyError = useNotifyError();

  const apply = async (patch: UpdateOperatorInput, field: 'role' | 'disabled', done: string) => {
    setBusy(field);
    try {
      onUpdated(await updateOperator(operator, patch));
      void message.success(done);
    } catch (err) {
      notifyError(err, 'Update failed');
    } finally {
      setBusy(null);
    }
  };

  const selfHint = isSelf ? 'You cannot change your own account here' : undefined;
  return (
    <Space>
      <Tooltip title={selfHint}>
        <Select<Role>
          size="small"
          style={{ width: 120 }}
          value={operator.role}
          options={roleOptions}
          disabled={isSelf || operator.disabled}
          loading={busy === 'role'}
          onChange={(role) => void apply({ role }, 'role', `${operator.email} is now ${ROLE_LABELS[role]}`)}
        />
      </Tooltip>
      <Tooltip title={selfHint}>
        <Popconfirm
          title={operator.disabled ? 'Enable this operator?' : 'Disable this operator?'}
          description={operator.disabled ? undefined : 'They will be signed out and unable to log in.'}
          okText={operator.disabled ? 'Enable' : 'Disable'}
          okButtonProps={{ danger: !operator.disabled }}
          disabled={isSelf}
          onConfirm={() =>
            apply({ disabled: !operator.disabled }, 'disabled', `${operator.email} ${operator.disabled ? 'enabled' : 'disabled'}`)
          }
        >
          <Button size="small" danger={!operator.disabled} disabled={isSelf} loading={busy === 'disabled'}>
            {operator.disabled ? 'Enable' : 'Disable'}
          </Button>
        </Popconfirm>
      </Tooltip>
    </Space>
  );
}

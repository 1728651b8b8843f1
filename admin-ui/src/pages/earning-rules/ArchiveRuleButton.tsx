import { useState } from 'react';
import { App, Button, Popconfirm } from 'antd';
import { useNotifyError } from '../../components/useNotifyError';
import { archiveRule, type EarningRule } from './api';

/** Archive for good: the rule stops granting and can no longer change (admin only). */
export function ArchiveRuleButton({
  rule,
  onArchived,
  size,
}: {
  rule: EarningRule;
  onArchived: (rule: EarningRule) => void;
  size?: 'small';
}) {
  const [busy, setBusy] = useState(false);
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const archive = async () => {
    setBusy(true);
    try {
      const archived = await archiveRule(rule.id);
      void message.success(`Rule “${rule.name}” archived`);
      onArchived(archived);
    } catch (err) {
      notifyError(err, 'Could not archive the rule');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popconfirm
      title="Archive this rule?"
      description="It stops granting at once and cannot be changed or restored."
      okText="Archive"
      okButtonProps={{ danger: true }}
      onConfirm={archive}
    >
      <Button danger size={size} loading={busy}>
        Archive
      </Button>
    </Popconfirm>
  );
}

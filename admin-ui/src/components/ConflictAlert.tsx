import { Alert, Button } from 'antd';

export interface ConflictAlertProps {
  title: string;
  description: string;
  reloadLabel: string;
  onReload: () => void;
  testId?: string;
}

/** Someone changed what this page edits since it was read (a 409 on a versioned save): offers to read it again. */
export function ConflictAlert({ title, description, reloadLabel, onReload, testId }: ConflictAlertProps) {
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      title={title}
      description={description}
      data-testid={testId}
      action={<Button onClick={onReload}>{reloadLabel}</Button>}
    />
  );
}

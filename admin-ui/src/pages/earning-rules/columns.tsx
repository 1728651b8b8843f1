import { Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { DateTime } from '../../components/DateTime';
import type { EarningRule, RuleStatus } from './api';
import { ArchiveRuleButton } from './ArchiveRuleButton';
import { describeCaps, describeFormula } from './describe';
import { RuleStatusTag } from './RuleStatusTag';

const ruleLink = (rule: EarningRule) => `/earning-rules/${encodeURIComponent(rule.id)}`;

/** Columns of the rules list; `onArchived` adds an Archive action (admins only). */
export function ruleColumns(onArchived?: (rule: EarningRule) => void): TableColumnsType<EarningRule> {
  const columns: TableColumnsType<EarningRule> = [
    {
      title: 'Name',
      dataIndex: 'name',
      render: (v: string, rule) => (
        <Link to={ruleLink(rule)}>
          <Typography.Text strong>{v}</Typography.Text>
        </Link>
      ),
    },
    { title: 'Event type', dataIndex: 'eventType', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: 'Formula', dataIndex: 'formula', render: (_, rule) => describeFormula(rule.formula) },
    { title: 'Currency', dataIndex: 'currency' },
    { title: 'Caps', dataIndex: 'caps', render: (_, rule) => describeCaps(rule.caps) },
    { title: 'Priority', dataIndex: 'priority', align: 'right' },
    { title: 'Stop', dataIndex: 'stop', render: (v: boolean) => (v ? <Tag color="magenta">stop</Tag> : '—') },
    { title: 'Pending days', dataIndex: 'pendingDays', align: 'right' },
    { title: 'Status', dataIndex: 'status', render: (s: RuleStatus) => <RuleStatusTag status={s} /> },
    { title: 'Updated', dataIndex: 'updatedAt', render: (v: string) => <DateTime value={v} relative /> },
  ];
  if (!onArchived) return columns;
  return [
    ...columns,
    {
      title: 'Actions',
      key: 'actions',
      fixed: 'right',
      render: (_, rule) =>
        rule.status === 'archived' ? null : (
          <Space>
            <Link to={ruleLink(rule)}>Edit</Link>
            <ArchiveRuleButton rule={rule} onArchived={onArchived} size="small" />
          </Space>
        ),
    },
  ];
}

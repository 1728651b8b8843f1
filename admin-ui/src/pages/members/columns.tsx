import { Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { TableColumnsType } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { MemberSummary } from './api';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

export const memberColumns: TableColumnsType<MemberSummary> = [
  {
    title: 'External ID',
    dataIndex: 'externalId',
    render: (v: string, m) => (
      <Typography.Text copyable={{ text: v }}>
        <Link to={`/members/${encodeURIComponent(m.id)}`}>{v}</Link>
      </Typography.Text>
    ),
  },
  {
    title: 'Name',
    key: 'name',
    render: (_, m) => m.profile?.name ?? dash,
  },
  {
    title: 'Tier',
    dataIndex: 'tier',
    render: (v: string | null | undefined) => (v ? <Tag color="gold">{v}</Tag> : dash),
  },
  {
    title: 'Tags',
    dataIndex: 'tags',
    render: (tags: string[] | undefined) => (tags && tags.length > 0 ? tags.map((t) => <Tag key={t}>{t}</Tag>) : dash),
  },
  {
    title: 'Created',
    dataIndex: 'createdAt',
    render: (v: string) => <DateTime value={v} />,
  },
  {
    title: 'Member ID',
    dataIndex: 'id',
    render: (v: string) => (
      <Typography.Text type="secondary" copyable>
        {v}
      </Typography.Text>
    ),
  },
];

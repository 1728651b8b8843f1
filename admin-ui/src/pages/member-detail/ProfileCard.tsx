import { Card, Descriptions, Tag, Typography } from 'antd';
import { DateTime } from '../../components/DateTime';
import type { MemberProfile } from './api';

const dash = <Typography.Text type="secondary">—</Typography.Text>;

export function ProfileCard({ member }: { member: MemberProfile }) {
  const p = member.profile ?? {};
  return (
    <Card title="Profile" size="small" style={{ height: '100%' }}>
      <Descriptions column={1} size="small">
        <Descriptions.Item label="External ID">
          <Typography.Text copyable>{member.externalId}</Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="Member ID">
          <Typography.Text type="secondary" copyable>
            {member.id}
          </Typography.Text>
        </Descriptions.Item>
        <Descriptions.Item label="Name">{p.name ?? dash}</Descriptions.Item>
        <Descriptions.Item label="Phone">{p.phone ?? dash}</Descriptions.Item>
        <Descriptions.Item label="Email">{p.email ?? dash}</Descriptions.Item>
        <Descriptions.Item label="Birthday">{p.birthday ?? dash}</Descriptions.Item>
        <Descriptions.Item label="Tags">{member.tags.length > 0 ? member.tags.map((t) => <Tag key={t}>{t}</Tag>) : dash}</Descriptions.Item>
        <Descriptions.Item label="Enrolled">
          <DateTime value={member.createdAt} />
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

import {
  CloudServerOutlined,
  ClockCircleOutlined,
  DatabaseOutlined,
  HeartOutlined,
  ReloadOutlined,
  ScheduleOutlined,
  TagOutlined,
  ThunderboltOutlined,
} from '@ant-design/icons';
import { Button, Col, Flex, Row, Typography } from 'antd';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { PageHeader } from '../../components/PageHeader';
import { formatDateTime, formatInTimeZone } from '../../lib/format';
import type { UpDown } from './api';
import { ReadinessCard } from './ReadinessCard';
import { StatusTile, type TileState } from './StatusTile';
import { useDashboardData } from './useDashboardData';

const ENGINE_LABELS = { ferretdb: 'FerretDB', mongodb: 'MongoDB' } as const;

function upDown(v: UpDown | undefined): TileState {
  if (v === 'up') return 'ok';
  if (v === 'down') return 'bad';
  return 'unknown';
}

export function DashboardPage() {
  const { system, readiness, loading, refreshedAt, refresh } = useDashboardData();
  const sys = system.data;
  const ready = readiness.data;
  const first = loading && !refreshedAt;

  return (
    <>
      <PageHeader
        title="Dashboard"
        subtitle="System status of this Laurel deployment"
        extra={
          <Flex align="center" gap={12}>
            {refreshedAt && <Typography.Text type="secondary">Updated {formatDateTime(refreshedAt.toISOString())}</Typography.Text>}
            <Button icon={<ReloadOutlined />} loading={loading} onClick={refresh}>
              Refresh
            </Button>
          </Flex>
        }
      />
      {system.error !== null && <ApiErrorAlert error={system.error} title="Could not load system info" />}
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={12} xl={8}>
          <StatusTile
            label="Readiness"
            icon={<HeartOutlined />}
            loading={first}
            state={ready ? (ready.ready ? 'ok' : 'bad') : 'unknown'}
            value={ready ? (ready.ready ? 'Ready' : 'Not ready') : 'Unknown'}
            hint={ready ? `status: ${ready.status}` : undefined}
          />
        </Col>
        <Col xs={24} sm={12} xl={8}>
          <StatusTile
            label="Version"
            icon={<TagOutlined />}
            loading={first}
            state={sys ? 'neutral' : 'unknown'}
            value={sys?.version ?? '—'}
          />
        </Col>
        <Col xs={24} sm={12} xl={8}>
          <StatusTile
            label="Database engine"
            icon={<DatabaseOutlined />}
            loading={first}
            state={sys ? 'neutral' : 'unknown'}
            value={sys ? (ENGINE_LABELS[sys.engine] ?? sys.engine) : '—'}
          />
        </Col>
        <Col xs={24} sm={12} xl={8}>
          <StatusTile
            label="Redis"
            icon={<ThunderboltOutlined />}
            loading={first}
            state={upDown(sys?.redis)}
            value={sys?.redis.toUpperCase() ?? '—'}
          />
        </Col>
        <Col xs={24} sm={12} xl={8}>
          <StatusTile
            label="Scheduler"
            icon={<ScheduleOutlined />}
            loading={first}
            state={upDown(sys?.scheduler)}
            value={sys?.scheduler.toUpperCase() ?? '—'}
          />
        </Col>
        <Col xs={24} sm={12} xl={8}>
          <StatusTile
            label="Server time"
            icon={<ClockCircleOutlined />}
            loading={first}
            state={sys ? 'neutral' : 'unknown'}
            value={sys ? formatInTimeZone(sys.time, sys.businessTimeZone) : '—'}
            hint={
              sys && (
                <>
                  <CloudServerOutlined /> Business time zone {sys.businessTimeZone}
                </>
              )
            }
          />
        </Col>
        <Col span={24}>
          <ReadinessCard readiness={ready} error={readiness.error} />
        </Col>
      </Row>
    </>
  );
}

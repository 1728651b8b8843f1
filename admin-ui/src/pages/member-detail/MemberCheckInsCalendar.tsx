import { useEffect, useState } from 'react';
import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Descriptions, Flex, Space, Spin, Tag, Tooltip, Typography, theme } from 'antd';
import type { CheckInView, MemberCheckInsView } from '@laurel/shared';
import { ApiErrorAlert } from '../../components/ApiErrorAlert';
import { useMessages } from '../../i18n/language';
import { describeRewards, rewardMessages } from '../tasks/rewards';
import { monthGrid, parseMonth, shiftMonth } from './checkInMonth';
import { memberCheckInsMessages, type MemberCheckInsTexts } from './memberCheckInsMessages';
import { getMemberCheckIns } from './memberTasksCheckInsApi';

type RewardTexts = (typeof rewardMessages)['en'];

const REGULAR = { background: '#1f6f4a', color: '#fff' };
const MAKE_UP = { background: '#fa8c16', color: '#fff' };

interface DayCellProps {
  date: string;
  day: number;
  checkIn: CheckInView | undefined;
  /** The program's today, `YYYY-MM-DD`. */
  today: string;
  t: MemberCheckInsTexts;
  r: RewardTexts;
}

function DayCell({ date, day, checkIn, today, t, r }: DayCellProps) {
  const { token } = theme.useToken();
  // Day texts of one format compare in calendar order.
  const future = date > today;
  const colors = checkIn
    ? checkIn.kind === 'make_up'
      ? MAKE_UP
      : REGULAR
    : { background: token.colorFillQuaternary, color: future ? token.colorTextQuaternary : token.colorText };
  const cell = (
    <div
      data-testid={`check-in-day-${date}`}
      data-state={checkIn ? checkIn.kind : future ? 'future' : 'missed'}
      aria-label={`${date} ${checkIn ? (checkIn.kind === 'make_up' ? t.makeUp : t.regular) : future ? '' : t.missed}`.trim()}
      style={{
        ...colors,
        height: 44,
        borderRadius: 6,
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        justifyContent: 'center',
        outline: date === today ? `2px solid ${token.colorPrimary}` : undefined,
        outlineOffset: 1,
        fontWeight: date === today ? 600 : undefined,
      }}
    >
      <span>{day}</span>
      {checkIn && <span style={{ fontSize: 10, lineHeight: 1 }}>{checkIn.kind === 'make_up' ? t.makeUp : '✓'}</span>}
    </div>
  );
  if (!checkIn) return cell;
  const paid = checkIn.rewards.filter((reward) => reward.reason !== 'make_up_cost');
  return (
    <Tooltip
      title={
        <Space direction="vertical" size={0}>
          <span>{`${date} · ${checkIn.kind === 'make_up' ? t.makeUp : t.regular}`}</span>
          <span>{t.dayDetail(checkIn.streak, checkIn.cycleDay)}</span>
          {paid.length > 0 && <span>{`${t.rewards}: ${describeRewards(paid, r)}`}</span>}
          {checkIn.costPoints > 0 && <span>{t.cost(checkIn.costPoints)}</span>}
        </Space>
      }
    >
      {cell}
    </Tooltip>
  );
}

function MonthGrid({ data, t, r }: { data: MemberCheckInsView; t: MemberCheckInsTexts; r: RewardTexts }) {
  const byDate = new Map(data.checkIns.map((c) => [c.date, c]));
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: 'repeat(7, minmax(36px, 1fr))', gap: 6, maxWidth: 520 }}
      data-testid="check-in-calendar"
    >
      {t.weekdays.map((w) => (
        <Typography.Text key={w} type="secondary" style={{ textAlign: 'center' }}>
          {w}
        </Typography.Text>
      ))}
      {monthGrid(data.month).map((cell, i) =>
        cell.date ? (
          <DayCell key={cell.date} date={cell.date} day={cell.day} checkIn={byDate.get(cell.date)} today={data.status.today} t={t} r={r} />
        ) : (
          <div key={`pad-${i}`} />
        ),
      )}
    </div>
  );
}

function Legend({ t }: { t: MemberCheckInsTexts }) {
  const swatch = (style: { background: string }) => (
    <span style={{ ...style, display: 'inline-block', width: 12, height: 12, borderRadius: 3, marginRight: 6, verticalAlign: -1 }} />
  );
  return (
    <Space size={16}>
      <span>
        {swatch(REGULAR)}
        {t.regular}
      </span>
      <span>
        {swatch(MAKE_UP)}
        {t.makeUp}
      </span>
    </Space>
  );
}

export interface MemberCheckInsCalendarProps {
  memberId: string;
  /** Changes reload the calendar. */
  version: number;
}

/** The member's check-ins month by month (make-ups marked apart), the streak and what comes next. */
export function MemberCheckInsCalendar({ memberId, version }: MemberCheckInsCalendarProps) {
  const t = useMessages(memberCheckInsMessages);
  const r = useMessages(rewardMessages);
  // Undefined: the current month, as the server counts it.
  const [month, setMonth] = useState<string | undefined>(undefined);
  const [data, setData] = useState<MemberCheckInsView | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(null);
    getMemberCheckIns(memberId, month, controller.signal)
      .then(setData)
      .catch((err: unknown) => {
        if (!controller.signal.aborted) setError(err);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [memberId, month, version]);

  if (!data) {
    return error ? (
      <ApiErrorAlert error={error} title={t.couldNotLoad} />
    ) : (
      <Flex justify="center" style={{ padding: 32 }}>
        <Spin />
      </Flex>
    );
  }
  const { status } = data;
  const { year, month: m } = parseMonth(data.month);
  const currentMonth = status.today.slice(0, 7);
  const makeUps = data.checkIns.filter((c) => c.kind === 'make_up').length;
  return (
    <div data-testid="member-check-ins">
      <Typography.Paragraph type="secondary">{t.intro}</Typography.Paragraph>
      {error ? <ApiErrorAlert error={error} title={t.couldNotLoad} /> : null}
      {!status.active && <Tag color="warning">{t.inactive}</Tag>}
      <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }} style={{ marginBottom: 16 }} data-testid="check-in-status">
        <Descriptions.Item label={t.streak}>
          <span data-testid="check-in-streak">{t.days(status.streak)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t.today}>
          <Space size={6}>
            <Typography.Text code>{status.today}</Typography.Text>
            <Tag color={status.checkedInToday ? 'success' : 'default'} data-testid="check-in-today">
              {status.checkedInToday ? t.checkedIn : t.notYet}
            </Tag>
            <Typography.Text type="secondary">{t.cycleDay(status.cycleDay, status.cycleDays)}</Typography.Text>
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={t.monthTotal}>{status.monthTotal}</Descriptions.Item>
        <Descriptions.Item label={t.makeUpsLeft}>{status.makeUpsLeft}</Descriptions.Item>
        <Descriptions.Item label={t.nextReward}>{describeRewards(status.nextReward, r)}</Descriptions.Item>
      </Descriptions>
      <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
        <Button size="small" icon={<LeftOutlined />} aria-label={t.previousMonth} onClick={() => setMonth(shiftMonth(data.month, -1))} />
        <Typography.Text strong style={{ minWidth: 120, textAlign: 'center' }} data-testid="check-in-month">
          {t.monthLabel(year, m)}
        </Typography.Text>
        <Button
          size="small"
          icon={<RightOutlined />}
          aria-label={t.nextMonth}
          disabled={data.month >= currentMonth}
          onClick={() => setMonth(shiftMonth(data.month, 1))}
        />
        {loading && <Spin size="small" />}
      </Flex>
      <MonthGrid data={data} t={t} r={r} />
      <Flex justify="space-between" wrap gap={8} style={{ marginTop: 12, maxWidth: 520 }}>
        <Typography.Text type="secondary" data-testid="check-in-month-summary">
          {t.monthSummary(t.monthLabel(year, m), data.checkIns.length, makeUps)}
        </Typography.Text>
        <Legend t={t} />
      </Flex>
    </div>
  );
}

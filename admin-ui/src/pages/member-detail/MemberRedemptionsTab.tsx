import { useMemo } from 'react';
import { Typography } from 'antd';
import { CursorTable, useCursorList } from '../../components/CursorTable';
import { useSelectedRow } from '../../components/useSelectedRow';
import { useMessages } from '../../i18n/language';
import type { RedemptionView } from '@laurel/shared';
import { mallMessages } from '../mall/messages';
import { memberRedemptionsFetcher } from '../redemptions/api';
import { redemptionColumns } from '../redemptions/columns';
import { redemptionsMessages } from '../redemptions/messages';
import { RedemptionDrawer } from '../redemptions/RedemptionDrawer';
import { memberLoyaltyMessages } from './memberLoyaltyMessages';

/** The member's points-mall redemptions, newest first; each links to its steps and delivery. */
export function MemberRedemptionsTab({ memberId, version }: { memberId: string; version: number }) {
  const t = useMessages(memberLoyaltyMessages);
  const r = useMessages(redemptionsMessages);
  const mall = useMessages(mallMessages);
  // version is a dependency on purpose: a new fetcher identity makes the list start over.
  const fetchPage = useMemo(() => memberRedemptionsFetcher(memberId), [memberId, version]);
  const list = useCursorList(fetchPage);
  const shown = useSelectedRow(list);
  const columns = useMemo(() => redemptionColumns(r, mall, false, shown.open), [r, mall, shown.open]);
  return (
    <div data-testid="member-redemptions">
      <Typography.Paragraph type="secondary">{t.redemptionsIntro}</Typography.Paragraph>
      <CursorTable<RedemptionView>
        list={list}
        rowKey="id"
        size="small"
        columns={columns}
        errorTitle={t.couldNotLoadRedemptions}
        emptyText={t.noRedemption}
      />
      <RedemptionDrawer redemption={shown.selected} onClose={shown.close} onChanged={shown.changed} />
    </div>
  );
}

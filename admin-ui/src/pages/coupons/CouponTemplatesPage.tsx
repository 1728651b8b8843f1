import { useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Segmented } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { CursorTable } from '../../components/CursorTable';
import { definitionStatusMessages } from '../../components/DefinitionStatusTag';
import { PageHeader } from '../../components/PageHeader';
import { useDefinitionList } from '../../components/useDefinitionList';
import { useMessages } from '../../i18n/language';
import { couponTemplatesFetcher, TEMPLATE_STATUS_LIST } from './api';
import { couponTemplateColumns } from './columns';
import type { CouponTemplateStatus, CouponTemplateView } from '@laurel/shared';
import { IssueCouponModal } from './IssueCouponModal';
import { couponsMessages } from './messages';

const ALL = 'all';

export function CouponTemplatesPage() {
  const t = useMessages(couponsMessages);
  const statuses = useMessages(definitionStatusMessages);
  const canWrite = useHasRole('operator');
  const navigate = useNavigate();
  const [status, setStatus] = useState<CouponTemplateStatus | undefined>(undefined);
  const [issuing, setIssuing] = useState<CouponTemplateView | null>(null);
  const fetchPage = useMemo(() => couponTemplatesFetcher(status), [status]);
  const { list, onChanged } = useDefinitionList(fetchPage, status);
  const columns = useMemo(
    () => couponTemplateColumns(t, canWrite ? { onChanged, onIssue: setIssuing } : undefined),
    [t, canWrite, onChanged],
  );

  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={t.subtitle}
        extra={
          canWrite && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => navigate('/coupon-templates/new')}>
              {t.newTemplate}
            </Button>
          )
        }
      />
      <CursorTable<CouponTemplateView>
        list={list}
        rowKey="id"
        columns={columns}
        errorTitle={t.couldNotLoad}
        emptyText={t.empty}
        toolbar={
          <Segmented<CouponTemplateStatus | typeof ALL>
            aria-label={t.statusFilter}
            options={[{ value: ALL, label: t.all }, ...TEMPLATE_STATUS_LIST.map((s) => ({ value: s, label: statuses[s] }))]}
            value={status ?? ALL}
            onChange={(v) => setStatus(v === ALL ? undefined : v)}
          />
        }
        rowClassName={(x) => (x.status === 'archived' ? 'row-muted' : '')}
      />
      {issuing && <IssueCouponModal template={issuing} open onClose={() => setIssuing(null)} onIssued={list.reload} />}
    </>
  );
}

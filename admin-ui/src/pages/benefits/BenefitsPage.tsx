import { useEffect, useMemo, useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { Button, Tabs } from 'antd';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { useHasRole } from '../../auth/useSession';
import { CursorTable } from '../../components/CursorTable';
import { PageHeader } from '../../components/PageHeader';
import { useDefinitionList } from '../../components/useDefinitionList';
import { useMessages } from '../../i18n/language';
import { activeBenefits, BENEFITS_WRITE_ROLE, benefitsFetcher, packagesFetcher } from './api';
import { benefitColumns, packageColumns } from './columns';
import type { BenefitPackageView, BenefitView } from '@laurel/shared';
import { benefitsMessages } from './messages';

type Tab = 'benefits' | 'packages';

/** `/benefits`: the benefits, and (`?tab=packages`) the packages that give them to tiers. */
export function BenefitsPage() {
  const t = useMessages(benefitsMessages);
  const canWrite = useHasRole(BENEFITS_WRITE_ROLE);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const tab: Tab = params.get('tab') === 'packages' ? 'packages' : 'benefits';
  const { list: benefits, onChanged: benefitChanged } = useDefinitionList(benefitsFetcher, undefined);
  const { list: packages, onChanged: packageChanged } = useDefinitionList(packagesFetcher, undefined);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    const controller = new AbortController();
    void activeBenefits(controller.signal)
      .then((list) => setNames(new Map(list.map((b) => [b.code, b.name]))))
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  const benefitCols = useMemo(() => benefitColumns(t, canWrite ? benefitChanged : undefined), [t, canWrite, benefitChanged]);
  const packageCols = useMemo(() => packageColumns(t, names, canWrite ? packageChanged : undefined), [t, names, canWrite, packageChanged]);

  return (
    <>
      <PageHeader
        title={t.title}
        subtitle={t.subtitle}
        extra={
          canWrite && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate(tab === 'packages' ? '/benefit-packages/new' : '/benefits/new')}
            >
              {tab === 'packages' ? t.newPackage : t.newBenefit}
            </Button>
          )
        }
      />
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'packages' ? { tab: 'packages' } : {})}
        items={[
          {
            key: 'benefits',
            label: t.benefitsTab,
            children: (
              <CursorTable<BenefitView>
                list={benefits}
                rowKey="id"
                columns={benefitCols}
                errorTitle={t.couldNotLoadBenefits}
                emptyText={t.emptyBenefits}
                rowClassName={(b) => (b.status === 'archived' ? 'row-muted' : '')}
              />
            ),
          },
          {
            key: 'packages',
            label: t.packagesTab,
            children: (
              <CursorTable<BenefitPackageView>
                list={packages}
                rowKey="id"
                columns={packageCols}
                errorTitle={t.couldNotLoadPackages}
                emptyText={t.emptyPackages}
                rowClassName={(p) => (p.status === 'archived' ? 'row-muted' : '')}
              />
            ),
          },
        ]}
      />
    </>
  );
}

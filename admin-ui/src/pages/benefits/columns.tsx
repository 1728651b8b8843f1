import { Space, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { Link } from 'react-router-dom';
import { definitionActionsColumn } from '../../components/definitionActionsColumn';
import { DefinitionStatusTag } from '../../components/DefinitionStatusTag';
import { archiveBenefit, archivePackage } from './api';
import type { BenefitPackageView, BenefitView } from '@laurel/shared';
import { describeItem } from './describe';
import type { BenefitsTexts } from './messages';

const benefitLink = (b: BenefitView) => `/benefits/${encodeURIComponent(b.code)}`;
const packageLink = (p: BenefitPackageView) => `/benefit-packages/${encodeURIComponent(p.code)}`;

/** `onChanged` adds archive (operators and admins). */
export function benefitColumns(t: BenefitsTexts, onChanged?: (b: BenefitView) => void): TableColumnsType<BenefitView> {
  const columns: TableColumnsType<BenefitView> = [
    {
      title: t.name,
      dataIndex: 'name',
      render: (v: string, b) => (
        <Space direction="vertical" size={0}>
          <Link to={benefitLink(b)}>
            <Typography.Text strong>{v}</Typography.Text>
          </Link>
          {b.description && <Typography.Text type="secondary">{b.description}</Typography.Text>}
        </Space>
      ),
    },
    { title: t.code, dataIndex: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
    { title: t.type, dataIndex: 'type', render: (_, b) => <Tag>{t.types[b.type]}</Tag> },
    { title: t.icon, dataIndex: 'icon', render: (v: string) => v || '—' },
    { title: t.status, dataIndex: 'status', render: (_, b) => <DefinitionStatusTag status={b.status} testId="benefit-status" /> },
  ];
  if (!onChanged) return columns;
  return [
    ...columns,
    definitionActionsColumn<BenefitView>({
      title: t.actions,
      texts: t,
      link: benefitLink,
      actions: (b) => ({
        pausable: false,
        change: () => archiveBenefit(b.code),
        onChanged,
        archiveTitle: t.archiveBenefitTitle,
        archiveText: t.archiveBenefitText,
      }),
    }),
  ];
}

/** `onChanged` adds archive (operators and admins); `names` gives each benefit code its name. */
export function packageColumns(
  t: BenefitsTexts,
  names: ReadonlyMap<string, string>,
  onChanged?: (p: BenefitPackageView) => void,
): TableColumnsType<BenefitPackageView> {
  const columns: TableColumnsType<BenefitPackageView> = [
    {
      title: t.name,
      dataIndex: 'name',
      render: (v: string, p) => (
        <Link to={packageLink(p)}>
          <Typography.Text strong>{v}</Typography.Text>
        </Link>
      ),
    },
    {
      title: t.source,
      key: 'source',
      render: (_, p) => (
        <span data-testid="package-source">
          {t.sourceTypes[p.source.type]} <Typography.Text code>{p.source.code}</Typography.Text>
        </span>
      ),
    },
    {
      title: t.items,
      key: 'items',
      render: (_, p) => (
        <Space direction="vertical" size={0} data-testid="package-items">
          {p.items.map((item, i) => (
            <span key={i}>{describeItem(item, names.get(item.benefitCode) ?? item.benefitCode, t)}</span>
          ))}
        </Space>
      ),
    },
    { title: t.status, dataIndex: 'status', render: (_, p) => <DefinitionStatusTag status={p.status} testId="package-status" /> },
  ];
  if (!onChanged) return columns;
  return [
    ...columns,
    definitionActionsColumn<BenefitPackageView>({
      title: t.actions,
      texts: t,
      link: packageLink,
      actions: (p) => ({
        pausable: false,
        change: () => archivePackage(p.code),
        onChanged,
        archiveTitle: t.archivePackageTitle,
        archiveText: t.archivePackageText,
      }),
    }),
  ];
}

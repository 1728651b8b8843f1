import type {
  BenefitPackageItemDto,
  BenefitPackageView,
  CreateBenefitPackageDto,
  QuotaPeriod,
  StackingMode,
  UpdateBenefitPackageDto,
} from './contract';

export interface PackageItemValues {
  benefitCode?: string;
  quotaCount?: number | null;
  quotaPeriod?: QuotaPeriod;
  value?: number | null;
  stacking?: StackingMode;
  couponTemplateId?: string;
}

/** Each item's quota is two inputs (count and period); {@link packageFieldOf} maps the server's paths onto them. */
export interface PackageFormValues {
  name?: string;
  tierCode?: string;
  items?: PackageItemValues[];
}

export const NEW_ITEM: PackageItemValues = { quotaPeriod: 'month', stacking: 'add' };
export const NEW_PACKAGE_VALUES: PackageFormValues = { items: [NEW_ITEM] };

const num = (v: number | null | undefined): number | undefined => (typeof v === 'number' ? v : undefined);

export function toFormValues(p: BenefitPackageView): PackageFormValues {
  return {
    name: p.name,
    tierCode: p.source.code,
    items: p.items.map((item) => ({
      benefitCode: item.benefitCode,
      quotaCount: item.quota?.count ?? null,
      quotaPeriod: item.quota?.period ?? 'unlimited',
      value: item.value ?? null,
      stacking: item.stacking,
      couponTemplateId: item.couponTemplateId,
    })),
  };
}

function itemOf(v: PackageItemValues): BenefitPackageItemDto {
  const period = v.quotaPeriod ?? 'unlimited';
  return {
    benefitCode: v.benefitCode ?? '',
    ...(period !== 'unlimited' ? { quota: { count: num(v.quotaCount) as number, period } } : {}),
    ...(num(v.value) !== undefined ? { value: num(v.value) } : {}),
    stacking: v.stacking ?? 'add',
    ...(v.couponTemplateId ? { couponTemplateId: v.couponTemplateId } : {}),
  };
}

export function toCreateBody(v: PackageFormValues): CreateBenefitPackageDto {
  return { name: (v.name ?? '').trim(), source: { type: 'tier', code: v.tierCode ?? '' }, items: (v.items ?? []).map(itemOf) };
}

export function toUpdateBody(v: PackageFormValues, version: number): UpdateBenefitPackageDto {
  return { version, name: (v.name ?? '').trim(), items: (v.items ?? []).map(itemOf) };
}

/** `items.0.quota.count` → the item's count input; `source.code` → the tier picker. */
export function packageFieldOf(field: string): (string | number)[] {
  const path = field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const [head, index, key, sub] = path;
  if (head === 'source') return ['tierCode'];
  if (head === 'items' && typeof index === 'number') {
    if (key === 'quota') return ['items', index, sub === 'period' ? 'quotaPeriod' : 'quotaCount'];
    return ['items', index, key ?? 'benefitCode'];
  }
  return path;
}

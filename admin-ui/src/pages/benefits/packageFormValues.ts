import { namePathOf } from '../../api/fieldErrors';
import { toValueBody, toValueForm, valueInputOf, type BenefitValueForm } from './benefitValue';
import type {
  BenefitPackageView,
  BenefitType,
  CreateBenefitPackageDto,
  PackageItemDto,
  QuotaPeriod,
  Stacking,
  UpdateBenefitPackageDto,
} from '@laurel/shared';

export interface PackageItemValues {
  benefitCode?: string;
  quota?: { count?: number | null; period?: QuotaPeriod };
  value?: BenefitValueForm;
  stacking?: Stacking;
}

export interface PackageFormValues {
  code?: string;
  name?: string;
  description?: string;
  tierCode?: string;
  items?: PackageItemValues[];
}

export const NEW_ITEM: PackageItemValues = { quota: { period: 'month' }, stacking: 'best', value: {} };
export const NEW_PACKAGE_VALUES: PackageFormValues = { items: [NEW_ITEM] };

export function toFormValues(p: BenefitPackageView): PackageFormValues {
  return {
    code: p.code,
    name: p.name,
    description: p.description,
    tierCode: p.source.code,
    items: p.items.map((item) => ({
      benefitCode: item.benefitCode,
      quota: { count: item.quota.count, period: item.quota.period },
      value: toValueForm(item.value),
      stacking: item.stacking,
    })),
  };
}

/** `typeOf` gives each benefit code its type (which value inputs apply). */
function itemOf(v: PackageItemValues, typeOf: ReadonlyMap<string, BenefitType>): PackageItemDto {
  const period = v.quota?.period ?? 'unlimited';
  const value = toValueBody(v.value, v.benefitCode ? typeOf.get(v.benefitCode) : undefined);
  const count = v.quota?.count;
  return {
    benefitCode: v.benefitCode ?? '',
    quota: period === 'unlimited' ? { period } : { period, ...(typeof count === 'number' ? { count } : {}) },
    ...(value ? { value } : {}),
    stacking: v.stacking ?? 'best',
  };
}

export function toCreateBody(v: PackageFormValues, typeOf: ReadonlyMap<string, BenefitType>): CreateBenefitPackageDto {
  return {
    code: (v.code ?? '').trim(),
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    source: { type: 'tier', code: v.tierCode ?? '' },
    items: (v.items ?? []).map((item) => itemOf(item, typeOf)),
  };
}

export function toUpdateBody(v: PackageFormValues, version: number, typeOf: ReadonlyMap<string, BenefitType>): UpdateBenefitPackageDto {
  return {
    version,
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    items: (v.items ?? []).map((item) => itemOf(item, typeOf)),
  };
}

/** `source.code` → the tier picker, an item's whole quota → its period, its value's fields → their inputs. */
export function packageFieldOf(field: string): (string | number)[] {
  const path = namePathOf(field);
  if (path[0] === 'source') return ['tierCode'];
  const [head, index, key, ...rest] = path;
  if (head === 'items' && typeof index === 'number') {
    if (key === 'quota') return ['items', index, 'quota', rest[0] ?? 'period'];
    if (key === 'value') return ['items', index, 'value', ...valueInputOf(rest)];
  }
  return path;
}

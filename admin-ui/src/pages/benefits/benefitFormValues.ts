import { namePathOf } from '../../api/fieldErrors';
import { toValueBody, toValueForm, valueInputOf, type BenefitValueForm } from './benefitValue';
import type { BenefitType, BenefitView, CreateBenefitDto, UpdateBenefitDto } from '@laurel/shared';

export interface BenefitFormValues {
  code?: string;
  type?: BenefitType;
  name?: string;
  description?: string;
  icon?: string;
  value?: BenefitValueForm;
}

export const NEW_BENEFIT_VALUES: BenefitFormValues = { type: 'free_shipping', value: {} };

export function toFormValues(b: BenefitView): BenefitFormValues {
  return { code: b.code, type: b.type, name: b.name, description: b.description, icon: b.icon, value: toValueForm(b.value) };
}

export function toCreateBody(v: BenefitFormValues): CreateBenefitDto {
  const value = toValueBody(v.value, v.type);
  return {
    code: (v.code ?? '').trim(),
    type: v.type ?? 'custom',
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    ...(v.icon?.trim() ? { icon: v.icon.trim() } : {}),
    ...(value ? { value } : {}),
  };
}

/** The value is replaced whole: blank inputs leave it empty. */
export function toUpdateBody(v: BenefitFormValues, version: number): UpdateBenefitDto {
  return {
    version,
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    icon: v.icon?.trim() ?? '',
    value: toValueBody(v.value, v.type) ?? {},
  };
}

/** A value field's error goes on its input (see valueInputOf); the others are the form's own paths. */
export function benefitFieldOf(field: string): (string | number)[] {
  const path = namePathOf(field);
  return path[0] === 'value' ? ['value', ...valueInputOf(path.slice(1))] : path;
}

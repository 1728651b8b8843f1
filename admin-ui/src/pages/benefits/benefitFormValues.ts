import type { BenefitType, BenefitView, CreateBenefitDto, UpdateBenefitDto } from './contract';

/** `value` is the custom benefit's JSON as text; {@link parseJsonObject} checks it before sending. */
export interface BenefitFormValues {
  code?: string;
  type?: BenefitType;
  name?: string;
  description?: string;
  icon?: string;
  value?: string;
}

export const NEW_BENEFIT_VALUES: BenefitFormValues = { type: 'free_shipping' };

export const BENEFIT_CODE_PATTERN = /^[a-z][a-z0-9_-]{0,63}$/;

export function parseJsonObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text || text.trim() === '') return undefined;
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Record<string, unknown>;
}

export function toFormValues(b: BenefitView): BenefitFormValues {
  return {
    code: b.code,
    type: b.type,
    name: b.name,
    description: b.description,
    icon: b.icon ?? undefined,
    value: b.value ? JSON.stringify(b.value, null, 2) : undefined,
  };
}

export function toCreateBody(v: BenefitFormValues): CreateBenefitDto {
  const value = v.type === 'custom' ? parseJsonObject(v.value) : undefined;
  return {
    code: (v.code ?? '').trim(),
    type: v.type ?? 'custom',
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    ...(v.icon?.trim() ? { icon: v.icon.trim() } : {}),
    ...(value ? { value } : {}),
  };
}

export function toUpdateBody(v: BenefitFormValues, version: number): UpdateBenefitDto {
  return {
    version,
    name: (v.name ?? '').trim(),
    description: v.description?.trim() ?? '',
    icon: v.icon?.trim() ?? '',
    ...(v.type === 'custom' ? { value: parseJsonObject(v.value) ?? null } : {}),
  };
}

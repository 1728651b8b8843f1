import { asApiError } from './errors';

/** One invalid field as the API reports it in `details.fields` (path like `caps.perDay` or `formula.tiers.0.percent`). */
export interface FieldError {
  field: string;
  reasons: string[];
}

function isFieldError(value: unknown): value is FieldError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.field === 'string' && Array.isArray(v.reasons) && v.reasons.every((r) => typeof r === 'string');
}

/** The field errors of a 400 VALIDATION_FAILED answer; empty for anything else. */
export function fieldErrorsOf(error: unknown): FieldError[] {
  const details = asApiError(error).details;
  if (typeof details !== 'object' || details === null) return [];
  const fields = (details as { fields?: unknown }).fields;
  return Array.isArray(fields) ? fields.filter(isFieldError) : [];
}

/** `formula.tiers.0.percent` → `['formula', 'tiers', 0, 'percent']`, the shape antd form names take. */
export function namePathOf(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}
